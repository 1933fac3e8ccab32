package dev.kiln.docs;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** kiln docs serve's server, on loopback. */
class DocsServerTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheSiteFolderAndNothingOutsideIt() throws Exception {
        Path site = dir.resolve("target/docs");
        Files.createDirectories(site.resolve("data"));
        Files.writeString(site.resolve("index.html"), "<html>the site</html>");
        Files.writeString(site.resolve("data/graph.js"), "window.KILN_GRAPH = {};");
        Files.writeString(dir.resolve("target/secret.txt"), "not for the web");
        try (DocsServer server = DocsServer.start(site, "127.0.0.1", 0)) {
            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> index = get(server.uri());
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("<html>the site</html>");
            HttpResponse<String> data = get(server.uri().resolve("data/graph.js"));
            assertThat(data.statusCode()).isEqualTo(200);
            assertThat(data.headers().firstValue("content-type").orElse("")).contains("javascript");
            assertThat(get(server.uri().resolve("data/")).statusCode()).isNotEqualTo(200);
            assertThat(get(server.uri().resolve("missing.js")).statusCode()).isEqualTo(404);
            // a raw request line that climbs out of the folder
            try (Socket s = new Socket("127.0.0.1", server.uri().getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).doesNotContain("not for the web").startsWith("HTTP/1.1 4");
            }
        }
    }

    @Test
    void aSiteNotGeneratedSaysWhatToRun() {
        assertThatThrownBy(() -> DocsServer.start(dir.resolve("target/docs"), "127.0.0.1", 0))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USAGE))
                .hasMessageContaining("kiln docs generate");
    }
}
