package dev.kiln.hubspot;

import dev.kiln.hubspot.testserver.DuckDbTarget;
import dev.kiln.hubspot.testserver.FakeHubSpot;
import dev.kiln.spi.SyncOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A sync killed with SIGKILL in the middle, then resumed: nothing lost, only the batches in flight sent twice. */
class CrashResumeTest {

    static final String TOKEN = HubSpotSyncTest.TOKEN;

    @TempDir
    Path dir;

    private Process child(Path db, String baseUrl, String token) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashSyncMain.class.getName(),
                db.toString(), baseUrl, dir.resolve("work").toString());
        pb.environment().put("HUBSPOT_ACCESS_TOKEN", token);
        pb.redirectOutput(dir.resolve("child.out").toFile());
        pb.redirectError(dir.resolve("child.err").toFile());
        return pb.start();
    }

    @Test
    void aSyncKilledMidwayResendsOnlyTheUnacknowledgedBatchWhenResumed() throws Exception {
        Path dbFile = dir.resolve("warehouse.duckdb");
        try (DuckDbTarget db = new DuckDbTarget(dbFile)) {
            db.exec("create table main.crm_contacts (email varchar, rfm_segment varchar, churn_risk double, plan varchar, signed_up date)");
            db.exec("insert into main.crm_contacts select 'user' || i || '@example.com', 'seg' || (i % 7), 0, 'free', null from range(1, 1001) t(i)");
        }
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        int killAt = 4;
        try (FakeHubSpot hubspot = new FakeHubSpot(TOKEN).property("datavision_rfm_segment", "string")) {
            hubspot.beforeUpsertAnswer(n -> {
                if (n == killAt) {
                    inFlight.countDown();
                    try {
                        killed.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            Process p = child(dbFile, hubspot.baseUrl(), TOKEN);
            assertThat(inFlight.await(120, TimeUnit.SECONDS)).as("the child reached batch " + killAt).isTrue();
            p.destroyForcibly();                       // SIGKILL, while HubSpot has applied batch 4 but not answered it
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            killed.countDown();
            hubspot.beforeUpsertAnswer(n -> { });
            // HubSpot applied every batch it received; the state holds those whose answer the sync had taken
            Set<String> applied = new HashSet<>(hubspot.receivedIds());
            assertThat(hubspot.upserts().size()).isBetween(killAt, killAt + 1);   // two batches in flight at most
            Set<String> acknowledged = new HashSet<>();
            Set<String> unacknowledged = new HashSet<>(applied);
            SyncOutcome resumed;
            try (DuckDbTarget db = new DuckDbTarget(dbFile)) {
                db.rows("select record_key from kiln_state.kiln_hubspot__hubspot_contacts").forEach(r -> acknowledged.add((String) r.get(0)));
                unacknowledged.removeAll(acknowledged);
                assertThat(applied).containsAll(acknowledged);
                assertThat(acknowledged.size()).isGreaterThanOrEqualTo((killAt - 2) * 100);
                assertThat(unacknowledged.size()).isBetween(100, 200);       // batch 4, and at most one more in flight
                resumed = db.sync("hubspot_contacts", CrashSyncMain.settings(hubspot.baseUrl(), TOKEN), HubSpotSyncTest.MODEL, false,
                        dir.resolve("work"), s -> { });
            }
            assertThat(resumed.unchanged()).isEqualTo(acknowledged.size());
            assertThat(resumed.created() + resumed.updated()).isEqualTo(1000 - acknowledged.size());
            List<String> received = hubspot.receivedIds();
            Map<String, Long> times = received.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(times).hasSize(1000);                          // every record arrived
            Set<String> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(twice).isEqualTo(unacknowledged);   // only what was in flight came twice: nothing acknowledged
            assertThat(times.values()).allMatch(n -> n <= 2);
            assertThat(hubspot.contacts().get("user10@example.com")).containsEntry("datavision_rfm_segment", "seg3");
        }
    }

    @Test
    void aRefusedTokenNamesTheEnvironmentVariableThatHoldsIt() throws Exception {
        Path dbFile = dir.resolve("warehouse.duckdb");
        try (DuckDbTarget db = new DuckDbTarget(dbFile)) {
            db.exec("create table main.crm_contacts (email varchar, rfm_segment varchar)");
            db.exec("insert into main.crm_contacts values ('a@example.com', 'x')");
        }
        try (FakeHubSpot hubspot = new FakeHubSpot(TOKEN).property("datavision_rfm_segment", "string")) {
            Process p = child(dbFile, hubspot.baseUrl(), "pat-na1-00000000-revoked-token");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            String err = java.nio.file.Files.readString(dir.resolve("child.err"), StandardCharsets.UTF_8);
            assertThat(err).contains("environment variable HUBSPOT_ACCESS_TOKEN").contains("401").doesNotContain("revoked-token");
            assertThat(java.nio.file.Files.readString(dir.resolve("child.out"))).doesNotContain("revoked-token");
        }
    }
}
