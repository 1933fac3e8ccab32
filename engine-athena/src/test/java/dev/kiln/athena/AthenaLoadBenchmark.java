package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test): a load on Athena's sink (local staging, Parquet, the upload through the
 * SDK to an in-process S3, Glue and Athena with state: {@link AwsLake}) against the plain
 * baseline of the same rows through DuckDB's appender and one COPY to Parquet, with nothing
 * uploaded. Run with {@code benchmarks/athena-loads.sh}; prints figures.
 */
public final class AthenaLoadBenchmark {

    private AthenaLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        System.out.printf(Locale.ROOT, "rows: %,d; heap max %d MB%n", rows, Runtime.getRuntime().maxMemory() >> 20);
        baseline(Math.min(rows, 50_000)); // warm-up
        sink(Math.min(rows, 50_000), "0.warm");
        measure("baseline (appender + COPY to Parquet)", rows, () -> baseline(rows));
        measure("Athena load sink (append: stage, Parquet, upload, manifest, Glue)", rows, () -> sink(rows, "1000.aaaa"));
    }

    interface Run {
        long run() throws Exception;
    }

    private static void measure(String what, long rows, Run run) throws Exception {
        System.gc();
        resetPeaks();
        long cpu0 = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
        long t0 = System.nanoTime();
        long bytes = run.run();
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d rows in %.1f s (%,.0f rows/s), CPU %.1f s, Parquet %.1f MB, heap peak %d MB; load %s%n",
                what, rows, s, rows / s, cpu, bytes / 1e6, heapPeak() >> 20,
                Files.readString(Path.of("/proc/loadavg")).strip());
    }

    private static Object[] row(long i, String loadId) {
        return new Object[]{i, i % 100_000, i % 3 == 0 ? "view" : "click", BigDecimal.valueOf(i % 10_000, 2),
                LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(i), loadId};
    }

    static long baseline(long rows) throws Exception {
        Path dir = Files.createTempDirectory("kiln-bench-");
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("b.duckdb"));
             Statement st = c.createStatement()) {
            st.execute("set threads = 1");
            st.execute("create table t (id bigint, user_id bigint, kind varchar, amount decimal(12,2), created_at timestamp,"
                    + " _kiln_load_id varchar)");
            try (DuckDBAppender a = c.createAppender("main", "t")) {
                for (long i = 0; i < rows; i++) {
                    Object[] r = row(i, "b");
                    a.beginRow();
                    a.append((long) r[0]);
                    a.append((long) r[1]);
                    a.append((String) r[2]);
                    a.append((BigDecimal) r[3]);
                    a.append((LocalDateTime) r[4]);
                    a.append((String) r[5]);
                    a.endRow();
                }
            }
            Path f = dir.resolve("t.parquet");
            st.execute("copy t to '" + f + "' (format parquet, compression zstd)");
            return Files.size(f);
        } finally {
            try (var all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long sink(long rows, String loadId) {
        AwsLake lake = new AwsLake();
        try (AthenaAdapter adapter = AthenaAdapter.open(Targets.settings(), lake.aws.setup());
             AthenaSession session = (AthenaSession) adapter.openSession()) {
            try (LoadSink sink = adapter.loadSink(session, new LoadTarget(Relation.of("raw", "events"), null, "app.events",
                    "append", List.of(), loadId)).orElseThrow()) {
                StageWriter w = sink.stage("");
                w.addColumn("id", LoadType.BIGINT);
                w.addColumn("user_id", LoadType.BIGINT);
                w.addColumn("kind", LoadType.VARCHAR);
                w.addColumn("amount", LoadType.decimal(12, 2));
                w.addColumn("created_at", LoadType.TIMESTAMP);
                w.addColumn("_kiln_load_id", LoadType.VARCHAR);
                for (long i = 0; i < rows; i++) {
                    w.append(row(i, loadId));
                }
                sink.commit("{\"cursor\":\"" + rows + "\"}");
            }
            System.out.printf(Locale.ROOT, "  AWS calls: %s%n", lake.aws.operations().stream()
                    .collect(java.util.stream.Collectors.groupingBy(o -> o, java.util.TreeMap::new, java.util.stream.Collectors.counting())));
            return lake.objects.entrySet().stream().filter(e -> e.getKey().endsWith(".parquet")).mapToLong(e -> e.getValue().length).sum();
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
