package dev.kiln.hubspot;

import dev.kiln.hubspot.testserver.DuckDbTarget;
import dev.kiln.hubspot.testserver.FakeHubSpot;
import dev.kiln.spi.SyncOutcome;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HubSpot sync's benchmark (see {@code benchmarks/hubspot.sh} and docs/benchmarks.md).
 *
 * <pre>
 *   HubSpotBenchmark diff N   diffing N contacts: first dry run (all new), a sync of 1 % changed
 *                             records after a full state, and a dry run of it; time and peak heap
 *   HubSpotBenchmark rate N   syncing N changed records at 100 requests / 10 s against the
 *                             local HubSpot: the rate reached and the 429s received
 * </pre>
 */
public final class HubSpotBenchmark {

    private HubSpotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("kiln-hubspot-bench");
        try (FakeHubSpot hubspot = new FakeHubSpot(HubSpotSyncTest.TOKEN).property("datavision_rfm_segment", "string")
                .property("datavision_churn_risk", "number").property("datavision_plan", "string");
             DuckDbTarget db = new DuckDbTarget(dir.resolve("bench.duckdb"))) {
            db.exec("create table main.crm_contacts as select 'user' || i || '@example.com' as email, "
                    + "case i % 5 when 0 then 'champions' when 1 then 'loyal' when 2 then 'at_risk' when 3 then 'hibernating' else 'new' end as rfm_segment, "
                    + "round((i % 1000) / 1000.0, 3) as churn_risk, case when i % 4 = 0 then 'premium' else 'free' end as plan "
                    + "from range(0, " + n + ") t(i)");
            Map<String, Object> settings = new java.util.LinkedHashMap<>(HubSpotSyncTestSettings.of(hubspot.baseUrl()));
            System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MB; load average %s%n", Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, Files.readString(Path.of("/proc/loadavg")).trim());
            if (mode.equals("diff")) {
                diff(db, hubspot, settings, dir, n);
            } else {
                rate(db, hubspot, settings, dir, n);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void diff(DuckDbTarget db, FakeHubSpot hubspot, Map<String, Object> settings, Path dir, int n) {
        time("dry run, empty state (" + n + " new)", () -> db.sync("bench", settings, HubSpotSyncTest.MODEL, true, dir.resolve("work"), s -> { }));
        // a state as if every record had been synced: the hashes the diff computes
        HubSpotSettings hs = HubSpotSettings.read("bench", settings, false);
        SyncState state = new SyncState(db.session(), db.dialect(), DuckDbTarget.STATE_SCHEMA, "bench");
        state.ensure();
        db.exec("insert into " + db.dialect().render(state.table()) + " select cast(email as varchar), "
                + new Differ(hs, db.dialect(), HubSpotSyncTest.MODEL).hashSql() + ", 0 from main.crm_contacts");
        db.exec("update main.crm_contacts set rfm_segment = 'changed' where hash(email) % 100 = 0");
        time("dry run, full state (1 % changed)", () -> db.sync("bench", settings, HubSpotSyncTest.MODEL, true, dir.resolve("work"), s -> { }));
        Map<String, Object> fast = new java.util.LinkedHashMap<>(settings);
        fast.put("rate_limit", Map.of("requests", 100_000, "per_seconds", 10));
        hubspot.rateLimit(100_000, 10_000);
        time("sync, full state (1 % changed, sent)", () -> db.sync("bench", fast, HubSpotSyncTest.MODEL, false, dir.resolve("work"), s -> { }));
        time("sync, nothing changed", () -> db.sync("bench", fast, HubSpotSyncTest.MODEL, false, dir.resolve("work"), s -> { }));
    }

    private static void rate(DuckDbTarget db, FakeHubSpot hubspot, Map<String, Object> settings, Path dir, int n) {
        hubspot.rateLimit(100, 10_000);
        SyncOutcome out = time("sync of " + n + " new records, budget 100 / 10 s",
                () -> db.sync("bench", settings, HubSpotSyncTest.MODEL, false, dir.resolve("work"), s -> { }));
        List<FakeHubSpot.Upsert> ups = hubspot.upserts();
        int count = ups.size();
        double span = (ups.get(count - 1).receivedNanos() - ups.get(0).receivedNanos()) / 1e9;
        double steady = (ups.get(count - 1).receivedNanos() - ups.get(100).receivedNanos()) / 1e9;
        int maxWindow = 0;
        for (int i = 0, j = 0; i < count; i++) {
            while (ups.get(i).receivedNanos() - ups.get(j).receivedNanos() >= 10_000_000_000L) {
                j++;
            }
            maxWindow = Math.max(maxWindow, i - j + 1);
        }
        System.out.printf(Locale.ROOT, "records sent %d in %d upserts (%d requests in all); 429 answers: %d%n", out.created(), count,
                hubspot.requests(), hubspot.tooManyRequests());
        System.out.printf(Locale.ROOT, "first to last upsert %.1f s: %.2f requests/s overall; after the first window's 100 %.2f requests/s "
                + "= %.1f %% of the allowed 10/s; most requests in any 10 s window: %d%n",
                span, (count - 1) / span, (count - 101) / steady, (count - 101) / steady / 10 * 100, maxWindow);
    }

    private static <T> T time(String label, java.util.function.Supplier<T> work) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        T result = work.get();
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "%-42s %8.2f s   peak heap %5d MB   %s%n", label, s, peak >> 20, result);
        return result;
    }
}
