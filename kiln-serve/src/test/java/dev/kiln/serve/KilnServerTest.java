package dev.kiln.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.kiln.serve.Fixture.endpoint;
import static dev.kiln.serve.Fixture.exposure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API over real HTTP on loopback. */
class KilnServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static ServeApp app;
    static KilnServer server;

    @BeforeAll
    static void start() throws Exception {
        Path db = Fixture.database(dir);
        ServeSpec spec = ServeSpec.of(exposure("api", Map.of(
                "auth", Map.of("api_keys", "k-123"),
                "endpoints", List.of(endpoint("/users/{user_id}/segment", "segments"),
                        endpoint("/segments/{segment}/users", "segments", "page_size", 200)))));
        app = ServeApp.open(List.of(spec), Fixture.models(), Fixture.source(dir, db), "Test", "1");
        server = KilnServer.start(app, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answersOverHttpWithTheKey() throws Exception {
        HttpResponse<byte[]> r = get("/users/42/segment", "Authorization", "Bearer k-123");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("user_id").asLong()).isEqualTo(42);
        assertThat(r.headers().firstValue("ETag")).isPresent();
        assertThat(get("/users/42/segment").statusCode()).isEqualTo(401);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/users/42/segment", "X-API-Key", "k-123", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void gzipOverHttp() throws Exception {
        HttpResponse<byte[]> r = get("/segments/new/users", "X-API-Key", "k-123", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        JsonNode n = JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes());
        assertThat(n.get("data")).hasSize(83);
    }

    @Test
    void aPortInUseIsAClearStartupError() {
        assertThatThrownBy(() -> KilnServer.start(app, "127.0.0.1", server.port()))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("127.0.0.1:" + server.port(), "in use", "--port");
                });
    }

    @Test
    void anOpenApiBeyondLoopbackIsWarnedAbout() {
        assertThat(KilnServer.warnings(app, "0.0.0.0")).isEmpty();
        try (ServeApp open = ServeApp.open(List.of(ServeSpec.of(exposure("open", Map.of("endpoints",
                List.of(endpoint("/u/{user_id}", "segments")))))), Fixture.models(),
                Fixture.source(dir, dir.resolve("warehouse.duckdb")), "Open", "1")) {
            assertThat(KilnServer.warnings(open, "0.0.0.0")).singleElement().asString().contains("no API keys", "0.0.0.0");
            assertThat(KilnServer.warnings(open, "127.0.0.1")).isEmpty();
            assertThat(KilnServer.warnings(open, "localhost")).isEmpty();
        }
    }

    @Test
    void stoppingFreesThePortAndLetsRequestsFinish() throws Exception {
        KilnServer second = KilnServer.start(app, "127.0.0.1", 0);
        int port = second.port();
        HttpResponse<byte[]> before = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(before.statusCode()).isEqualTo(200);
        second.close();
        KilnServer again = KilnServer.start(app, "127.0.0.1", port);
        assertThat(again.port()).isEqualTo(port);
        again.close();
    }
}
