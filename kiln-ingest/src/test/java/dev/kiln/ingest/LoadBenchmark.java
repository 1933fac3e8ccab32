package dev.kiln.ingest;

import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Throughput and memory of loads against the plain baselines (benchmarks/loads.sh; run with
 * {@code -Xmx512m}): {@code ROWS} rows of a PostgreSQL table through {@code from: jdbc} vs a
 * JDBC-to-DuckDB appender loop, and {@code MB} megabytes of JSON lines through
 * {@code from: files} (read by DuckDB itself, then record by record) vs DuckDB's own
 * {@code read_json}. Prints figures; asserts nothing.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long mb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        Path work = Files.createTempDirectory("kiln-load-bench");
        System.out.printf(Locale.ROOT, "max heap %d MB, %d cores%n", Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        try {
            if (rows > 0) {
                jdbc(work, rows);
            }
            if (mb > 0) {
                jsonLines(work, mb);
            }
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void jdbc(Path work, long rows) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg"))
                .setCleanDataDirectory(true).start()) {
            long t0 = System.nanoTime();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("create unlogged table bench (id bigint, user_id integer, kind text, amount numeric(12,2),"
                        + " created_at timestamp)");
                st.execute("insert into bench select i, (i % 100000)::int, case when i % 3 = 0 then 'view' else 'click' end,"
                        + " (i % 10000) / 100.0, timestamp '2026-01-01' + i * interval '1 second' from generate_series(1, " + rows + ") i");
                st.execute("analyze bench");
            }
            System.out.printf(Locale.ROOT, "jdbc: %,d rows generated in PostgreSQL in %.1f s%n", rows, secs(t0));
            String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";

            resetPeaks();
            t0 = System.nanoTime();
            long c0 = cpuNanos();
            long baseRows = appenderBaseline(url, work.resolve("base.duckdb"));
            double base = secs(t0);
            double baseCpu = cpu(c0);
            long basePeak = heapPeak();
            System.out.printf(Locale.ROOT, "jdbc baseline (JDBC fetch 10000 -> DuckDB appender): %,d rows in %.1f s"
                    + " = %,.0f rows/s, %.1f s CPU in this JVM, heap peak %d MB%n", baseRows, base, baseRows / base,
                    baseCpu, basePeak >> 20);

            TempProject p = TempProject.create(work.resolve("jdbc-project"), "bench", "duckdb");
            p.file("models/sources.yml", """
                    version: 2
                    sources:
                      - name: app
                        schema: raw
                        loader: {from: jdbc, url: "%s", user: postgres}
                        tables:
                          - name: bench
                            load: {table: public.bench, cursor: id, disposition: append}
                    """.formatted(url));
            resetPeaks();
            t0 = System.nanoTime();
            c0 = cpuNanos();
            NodeResult r = load(p);
            double kiln = secs(t0);
            double kilnCpu = cpu(c0);
            System.out.printf(Locale.ROOT, "jdbc kiln load: %,d rows in %.1f s = %,.0f rows/s, %.1f s CPU in this JVM,"
                    + " heap peak %d MB; %.2fx the baseline by wall time, %.2fx by CPU (%s)%n", r.rowsAffected(), kiln,
                    r.rowsAffected() / kiln, kilnCpu, heapPeak() >> 20, base / kiln, baseCpu / kilnCpu, r.message());
        }
    }

    private static long appenderBaseline(String url, Path duck) throws Exception {
        long n = 0;
        try (Connection pg = DriverManager.getConnection(url, "postgres", "");
             DuckDBConnection d = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + duck);
             Statement ds = d.createStatement()) {
            ds.execute("create table bench (id bigint, user_id bigint, kind varchar, amount decimal(12,2), created_at timestamp)");
            pg.setAutoCommit(false);
            try (PreparedStatement ps = pg.prepareStatement("select * from public.bench");
                 DuckDBAppender a = d.createAppender("main", "bench")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        a.beginRow();
                        a.append(rs.getLong(1));
                        a.append(rs.getLong(2));
                        a.append(rs.getString(3));
                        a.append(rs.getBigDecimal(4));
                        a.append(rs.getTimestamp(5).toLocalDateTime());
                        a.endRow();
                        n++;
                    }
                }
            }
        }
        return n;
    }

    private static void jsonLines(Path work, long mb) throws Exception {
        Path landing = work.resolve("json-project/landing");
        Files.createDirectories(landing);
        long t0 = System.nanoTime();
        long target = mb << 20;
        long bytes = 0;
        long lines = 0;
        int file = 0;
        while (bytes < target) {
            try (BufferedWriter w = Files.newBufferedWriter(landing.resolve(String.format("part-%03d.jsonl", file++)),
                    StandardCharsets.UTF_8)) {
                for (int i = 0; i < 500_000 && bytes < target; i++, lines++) {
                    String line = "{\"session_id\": " + lines + ", \"user_id\": " + (lines % 100_000)
                            + ", \"started_at\": \"2026-11-01T10:" + String.format("%02d:%02d", (lines / 60) % 60, lines % 60)
                            + "Z\", \"duration_ms\": " + (lines % 7919) + ", \"ctx\": {\"device\": \"" + (lines % 2 == 0 ? "ios" : "web")
                            + "\", \"geo\": {\"country\": \"ES\", \"city\": \"Madrid\"}}, \"converted\": " + (lines % 5 == 0)
                            + ", \"note\": \"a session of the benchmark with some padding text\"}\n";
                    w.write(line);
                    bytes += line.length();
                }
            }
        }
        System.out.printf(Locale.ROOT, "json: %,d lines, %.0f MB in %d files written in %.1f s%n", lines, bytes / 1048576.0,
                file, secs(t0));

        resetPeaks();
        t0 = System.nanoTime();
        long c0 = cpuNanos();
        long baseRows;
        try (Connection d = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("json-base.duckdb"));
             Statement st = d.createStatement()) {
            st.execute("create table sessions as select * from read_json_auto('" + landing + "/*.jsonl')");
            try (ResultSet rs = st.executeQuery("select count(*) from sessions")) {
                rs.next();
                baseRows = rs.getLong(1);
            }
        }
        double base = secs(t0);
        double baseCpu = cpu(c0);
        System.out.printf(Locale.ROOT, "json baseline (DuckDB read_json_auto): %,d rows in %.1f s = %,.0f rows/s, %.0f MB/s,"
                + " %.1f s CPU in this JVM%n", baseRows, base, baseRows / base, bytes / 1048576.0 / base, baseCpu);

        // Kiln's fixed cost (project loading, its code compiled by the JIT) on a 100-line load first,
        // so that the figures below compare throughput; printed on its own
        TempProject w = new TempProject(work.resolve("json-warmup"));
        TempProject.create(w.root(), "bench", "duckdb");
        w.file("landing/warmup.jsonl", "{\"session_id\": 1, \"ctx\": {\"device\": \"ios\"}}\n".repeat(100));
        w.file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: sessions
                        load: {path: landing/*.jsonl}
                """);
        t0 = System.nanoTime();
        c0 = cpuNanos();
        load(w);
        System.out.printf(Locale.ROOT, "kiln's fixed cost (a first, 100-line load in this JVM): %.1f s, %.1f s CPU%n", secs(t0),
                cpu(c0));

        TempProject p = new TempProject(work.resolve("json-project"));
        TempProject.create(p.root(), "bench", "duckdb");
        p.file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: sessions
                        load: {path: landing/*.jsonl}
                """);
        resetPeaks();
        t0 = System.nanoTime();
        c0 = cpuNanos();
        NodeResult r = load(p);
        double kiln = secs(t0);
        double kilnCpu = cpu(c0);
        System.out.printf(Locale.ROOT, "json kiln load: %,d rows in %.1f s = %,.0f rows/s, %.0f MB/s, %.1f s CPU in this JVM,"
                + " heap peak %d MB; %.2fx the baseline by wall time, %.2fx by CPU (%s)%n", r.rowsAffected(), kiln,
                r.rowsAffected() / kiln, bytes / 1048576.0 / kiln, kilnCpu, heapPeak() >> 20, base / kiln, baseCpu / kilnCpu,
                r.message());

        // the same files record by record (native_reader: false), the path before DuckDB read them itself
        TempProject q = new TempProject(work.resolve("json-project-staged"));
        TempProject.create(q.root(), "bench", "duckdb");
        q.file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: sessions
                        load: {path: ../json-project/landing/*.jsonl, native_reader: false}
                """);
        resetPeaks();
        t0 = System.nanoTime();
        c0 = cpuNanos();
        r = load(q);
        double staged = secs(t0);
        double stagedCpu = cpu(c0);
        System.out.printf(Locale.ROOT, "json kiln load, record by record (native_reader: false): %,d rows in %.1f s = %,.0f rows/s,"
                + " %.1f s CPU in this JVM, heap peak %d MB; %.2fx the baseline by wall time, %.2fx by CPU%n", r.rowsAffected(),
                staged, r.rowsAffected() / staged, stagedCpu, heapPeak() >> 20, base / staged, baseCpu / stagedCpu);
    }

    private static NodeResult load(TempProject p) {
        try (Kiln k = Kiln.configure().projectDir(p.root()).load()) {
            RunResults r = k.load(Selection.ALL);
            NodeResult n = r.results().get(0);
            if (!n.status().letsDownstreamRun()) {
                throw new IllegalStateException(n.message());
            }
            return n;
        }
    }

    /** CPU seconds this process used (every thread, DuckDB's native ones included) since {@code from}. */
    private static double cpu(long from) {
        return (cpuNanos() - from) / 1e9;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
            if (m.getType() == MemoryType.HEAP) {
                sum += m.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
