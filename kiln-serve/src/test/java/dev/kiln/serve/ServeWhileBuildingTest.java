package dev.kiln.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Kiln;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.kiln.serve.Fixture.endpoint;
import static dev.kiln.serve.Fixture.exposure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code kiln build} of the project being served, while requests run over HTTP: no
 * request fails, and the rebuilt data is served seconds after the build ends.
 */
class ServeWhileBuildingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBuildRunsWhileServingAndItsDataIsServedSoonAfter() throws Exception {
        TempProject.create(dir, "shop", "duckdb")
                .file("models/segments.sql", """
                        <@config materialized="table" />
                        select i::bigint as user_id, 'gen${var('gen', 1)}' as generation, i * ${var('gen', 1)} as score
                        from range(1, 20001) t(i)
                        """)
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: segments
                            description: One row per user.
                            columns:
                              - name: user_id
                                description: The user.
                                data_tests: [unique, not_null]
                        """);
        build(1);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load();
             ServeApp app = ServeApp.open(kiln, List.of(exposure("shop_api", Map.of("endpoints",
                     List.of(endpoint("/users/{user_id}", "segments")))))))  {
            assertThat(app.describeEndpoints()).containsExactly("GET /users/{user_id} → segments (one row)");
            try (KilnServer server = KilnServer.start(app, "127.0.0.1", 0);
                 BuildWatcher watcher = new BuildWatcher(app, kiln.targetDir().resolve("run_results.json"),
                         Duration.ofMillis(100), v -> { }).start()) {
                HttpClient http = HttpClient.newHttpClient();
                Queue<String> failures = new ConcurrentLinkedQueue<>();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong requests = new AtomicLong();
                AtomicLong firstGen2 = new AtomicLong();
                ExecutorService clients = Executors.newFixedThreadPool(4);
                for (int c = 0; c < 4; c++) {
                    clients.submit(() -> {
                        while (!stop.get()) {
                            long id = ThreadLocalRandom.current().nextLong(1, 20001);
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri()
                                        .resolve("/users/" + id)).build(), HttpResponse.BodyHandlers.ofString());
                                requests.incrementAndGet();
                                if (r.statusCode() != 200) {
                                    failures.add(r.statusCode() + " " + r.body());
                                    continue;
                                }
                                JsonNode n = JSON.readTree(r.body());
                                String gen = n.get("generation").asText();
                                long score = n.get("score").asLong();
                                if (gen.equals("gen2")) {
                                    firstGen2.compareAndSet(0, System.nanoTime());
                                    if (score != id * 2) {
                                        failures.add("mixed versions: " + r.body());
                                    }
                                } else if (score != id) {
                                    failures.add("mixed versions: " + r.body());
                                }
                            } catch (Exception e) {
                                failures.add(e.toString());
                            }
                        }
                        return null;
                    });
                }
                long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (requests.get() < 20 && System.nanoTime() < warm) {
                    Thread.sleep(20);
                }
                long during = requests.get();
                build(2);
                long buildEnd = System.nanoTime();
                long deadline = buildEnd + TimeUnit.SECONDS.toNanos(20);
                while (firstGen2.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                stop.set(true);
                clients.shutdown();
                assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                assertThat(failures).isEmpty();
                assertThat(during).isPositive();
                assertThat(requests.get()).isGreaterThan(during);
                assertThat(firstGen2.get()).as("gen2 served within 20 s of the build's end").isPositive();
                double lagSeconds = (firstGen2.get() - buildEnd) / 1e9;
                assertThat(lagSeconds).isLessThan(10);
                assertThat(app.replica().current().number()).isEqualTo(2);
            }
        }
    }

    private void build(int gen) {
        try (Kiln kiln = Kiln.configure().projectDir(dir).vars(Map.of("gen", gen)).load()) {
            RunResults results = kiln.build(Selection.ALL);
            assertThat(results.results()).allSatisfy(r -> assertThat(r.status()).isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
        }
    }
}
