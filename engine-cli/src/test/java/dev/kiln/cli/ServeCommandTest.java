package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @TempDir
    Path dir;

    private TempProject project(boolean withApi) {
        TempProject p = TempProject.create(dir, "shop", "duckdb")
                .file("models/segments.sql", """
                        <@config materialized="table" />
                        select i::bigint as user_id, case when i % 2 = 0 then 'even' else 'odd' end as parity
                        from range(1, 101) t(i)
                        """)
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: segments
                            columns:
                              - name: user_id
                                data_tests: [unique]
                        """);
        if (withApi) {
            p.file("models/api.yml", """
                    version: 2
                    exposures:
                      - name: shop_api
                        type: application
                        depends_on: [ref('segments')]
                        serve:
                          auth: {api_keys: "${env_var('SHOP_TEST_API_KEYS', 'k-1')}"}
                          endpoints:
                            - {path: "/users/{user_id}", model: segments}
                            - {path: "/parity/{parity}/users", model: segments, page_size: 10}
                    """);
        }
        return p;
    }

    @Test
    void withoutAServeExposureItSaysSo() {
        project(false);
        CliRun run = kiln("serve", "--project-dir", dir.toString(), "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("No serve exposure selected", "no enabled exposure with a serve: block");
        project(true);
        CliRun wrong = kiln("serve", "--project-dir", dir.toString(), "--port", "0", "-s", "exposure:shop");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("No serve exposure matches exposure:shop", "Serve exposures: shop_api");
    }

    @Test
    void aModelNotBuiltYetIsAStartupError() {
        project(true);
        CliRun run = kiln("serve", "--project-dir", dir.toString(), "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("does not exist yet", "kiln build");
    }

    @Test
    void servesUntilStopped() throws Exception {
        project(true);
        assertThat(kiln("build", "--project-dir", dir.toString()).exitCode()).isZero();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicReference<CliRun> result = new AtomicReference<>();
        int p = port;
        Thread serving = new Thread(() -> result.set(kiln("serve", "--project-dir", dir.toString(), "--port",
                String.valueOf(p))));
        serving.start();
        HttpClient http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + port);
        int status = 0;
        for (int i = 0; i < 300 && status != 200; i++) {
            try {
                status = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertThat(status).isEqualTo(200);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/users/7"))
                .header("X-API-Key", "k-1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"user_id\":7,\"parity\":\"odd\"}");
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/users/7")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        serving.interrupt();
        serving.join(20_000);
        CliRun run = result.get();
        assertThat(run).isNotNull();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Serving shop_api on http://127.0.0.1:" + port,
                "GET /users/{user_id} → segments (one row), API key",
                "GET /parity/{parity}/users → segments (pages of 10), API key");
        assertThat(run.out()).contains("\"path\":\"/users/7\",\"status\":200").doesNotContain("k-1");
    }
}
