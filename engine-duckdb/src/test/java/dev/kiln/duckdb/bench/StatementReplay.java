package dev.kiln.duckdb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Benchmark (not a test): runs the statements a {@code kiln build} sent to DuckDB again, directly
 * over DuckDB JDBC, in the same order and with the same parallelism, and compares. Started by
 * {@code benchmarks/overhead.sh}.
 *
 * <p>The input is the statement log of the kiln run ({@code -Dkiln.duckdb.statementLog=FILE}, see
 * the DuckDB adapter's {@code StatementLog}): per database, the setup statements, then every
 * statement with the worker thread that sent it and when it started and ended. Each worker
 * thread becomes a lane with its own connection (a duplicate of one root connection, as the
 * adapter does); a lane runs its statements in order, and a statement waits for every statement
 * of another lane that had ended before it started in the kiln run (so the dependencies the
 * scheduler respected hold, and nothing runs earlier than kiln allowed relative to the others).
 * Catalog questions ({@code metadata}) are not replayed: they are kiln's own overhead.
 *
 * <p>Arguments: {@code LOG DATABASE [KILN_START_US KILN_END_US]}: the statement log, the fresh
 * database file to run the target's statements on (name it as the target's file: compiled SQL
 * may name the database), and optionally the kiln process's start and end (microseconds since
 * the epoch) for the breakdown. Prints the direct run's wall time and the breakdown of the kiln
 * run, one {@code key: value} a line for the script.
 */
public final class StatementReplay {

    private record Entry(String db, String thread, String kind, long startUs, long endUs, boolean ok, String sql) {
        long micros() {
            return endUs - startUs;
        }
    }

    /** One worker's statements, with the waits each one must respect. */
    private static final class Lane {
        final String name;
        final List<Entry> entries = new ArrayList<>();
        /** for entry i: per other lane index, how many of its statements must be done first */
        final List<int[]> waits = new ArrayList<>();
        volatile int done;
        long statementMicros;

        Lane(String name) {
            this.name = name;
        }
    }

    private StatementReplay() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StatementReplay LOG DATABASE [KILN_START_US KILN_END_US]");
            System.exit(2);
        }
        List<Entry> all = read(Path.of(args[0]));
        Path database = Path.of(args[1]).toAbsolutePath();
        String target = all.stream().filter(e -> e.db().startsWith("jdbc:duckdb:/")
                || e.db().matches("jdbc:duckdb:[^#]+")).map(Entry::db).findFirst().orElse(null);

        Map<String, List<Entry>> byDb = new LinkedHashMap<>();
        for (Entry e : all) {
            byDb.computeIfAbsent(e.db(), k -> new ArrayList<>()).add(e);
        }
        long t0 = System.nanoTime();
        Map<String, Connection> roots = new LinkedHashMap<>();
        List<Lane> lanes = new ArrayList<>();
        Map<String, Lane> laneOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<Entry>> d : byDb.entrySet()) {
            String url = d.getKey().equals(target) ? "jdbc:duckdb:" + database : "jdbc:duckdb:";
            Connection root = DriverManager.getConnection(url);
            roots.put(d.getKey(), root);
            try (Statement st = root.createStatement()) {
                for (Entry e : d.getValue()) {
                    if (e.kind().equals("setup") && !e.sql().startsWith("--")) {
                        st.execute(e.sql());
                    }
                }
            }
            for (Entry e : d.getValue()) {
                if (e.kind().equals("statement")) {
                    laneOf.computeIfAbsent(d.getKey() + " " + e.thread(), k -> {
                        Lane l = new Lane(k);
                        lanes.add(l);
                        return l;
                    }).entries.add(e);
                }
            }
        }
        planWaits(lanes);
        long opened = System.nanoTime();

        List<Thread> threads = new ArrayList<>();
        Object monitor = new Object();
        int[] failures = new int[1];
        for (Lane lane : lanes) {
            Connection root = roots.get(lane.entries.get(0).db());
            Connection c = ((org.duckdb.DuckDBConnection) root).duplicate();
            Thread t = new Thread(() -> runLane(lane, lanes, c, monitor, failures), "replay-" + lane.name);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();
        for (Connection c : roots.values()) {
            c.close();
        }
        long closed = System.nanoTime();

        report(all, lanes, args, (opened - t0) / 1000, (end - opened) / 1000, (closed - end) / 1000, failures[0]);
    }

    private static List<Entry> read(Path log) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Entry> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                out.add(new Entry(n.get("db").asText(), n.get("thread").asText(), n.get("kind").asText(),
                        n.get("start_us").asLong(), n.get("end_us").asLong(), n.get("ok").asBoolean(),
                        n.get("sql").asText()));
            }
        }
        return out;
    }

    /** For each statement: how many statements of each other lane had ended before it started. */
    private static void planWaits(List<Lane> lanes) {
        for (Lane lane : lanes) {
            for (Entry e : lane.entries) {
                int[] w = new int[lanes.size()];
                for (int i = 0; i < lanes.size(); i++) {
                    Lane other = lanes.get(i);
                    if (other == lane) {
                        continue;
                    }
                    int n = 0;
                    for (Entry o : other.entries) { // ends are increasing within a lane
                        if (o.endUs() <= e.startUs()) {
                            n++;
                        } else {
                            break;
                        }
                    }
                    w[i] = n;
                }
                lane.waits.add(w);
            }
        }
    }

    private static void runLane(Lane lane, List<Lane> lanes, Connection c, Object monitor, int[] failures) {
        try (c) {
            for (int i = 0; i < lane.entries.size(); i++) {
                int[] w = lane.waits.get(i);
                synchronized (monitor) {
                    for (int j = 0; j < w.length; j++) {
                        while (lanes.get(j).done < w[j]) {
                            monitor.wait();
                        }
                    }
                }
                Entry e = lane.entries.get(i);
                long s = System.nanoTime();
                try (Statement st = c.createStatement()) {
                    if (st.execute(e.sql())) {
                        try (ResultSet rs = st.getResultSet()) {
                            int cols = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int k = 1; k <= cols; k++) {
                                    rs.getObject(k);
                                }
                            }
                        }
                    }
                    if (!e.ok()) {
                        System.err.println("note: succeeded here but failed in the kiln run: " + abbreviate(e.sql()));
                    }
                } catch (SQLException ex) {
                    if (e.ok()) {
                        synchronized (monitor) {
                            failures[0]++;
                        }
                        System.err.println("replay failure: " + ex.getMessage() + "\n  in: " + abbreviate(e.sql()));
                    }
                }
                lane.statementMicros += (System.nanoTime() - s) / 1000;
                synchronized (monitor) {
                    lane.done = i + 1;
                    monitor.notifyAll();
                }
            }
        } catch (SQLException | InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void report(List<Entry> all, List<Lane> lanes, String[] args, long openUs, long runUs, long closeUs,
                               int failures) {
        long statements = all.stream().filter(e -> e.kind().equals("statement")).count();
        long replayStatementUs = lanes.stream().mapToLong(l -> l.statementMicros).sum();
        long kilnStatementUs = all.stream().filter(e -> e.kind().equals("statement")).mapToLong(Entry::micros).sum();
        long metadata = all.stream().filter(e -> e.kind().equals("metadata")).count();
        long metadataUs = all.stream().filter(e -> e.kind().equals("metadata")).mapToLong(Entry::micros).sum();
        List<Entry> work = all.stream().filter(e -> !e.kind().equals("setup")).toList();
        long firstUs = work.stream().mapToLong(Entry::startUs).min().orElse(0);
        long lastUs = work.stream().mapToLong(Entry::endUs).max().orElse(0);
        long openedUs = all.stream().filter(e -> e.kind().equals("setup")).mapToLong(Entry::startUs).min().orElse(firstUs);

        System.out.printf(Locale.ROOT, "replay.statements: %d on %d lanes (%s)%n", statements, lanes.size(),
                String.join(", ", lanes.stream().map(l -> l.name.replaceAll("^jdbc:duckdb:\\S*", "").strip()
                        + "=" + l.entries.size()).toList()));
        System.out.printf(Locale.ROOT, "replay.failures: %d%n", failures);
        System.out.printf(Locale.ROOT, "replay.open_s: %.3f%n", openUs / 1e6);
        System.out.printf(Locale.ROOT, "replay.run_s: %.3f%n", runUs / 1e6);
        System.out.printf(Locale.ROOT, "replay.close_s: %.3f%n", closeUs / 1e6);
        System.out.printf(Locale.ROOT, "replay.total_s: %.3f%n", (openUs + runUs + closeUs) / 1e6);
        System.out.printf(Locale.ROOT, "replay.statement_time_s: %.3f%n", replayStatementUs / 1e6);
        System.out.printf(Locale.ROOT, "kiln.statement_time_s: %.3f%n", kilnStatementUs / 1e6);
        System.out.printf(Locale.ROOT, "kiln.metadata_queries: %d taking %.3f s%n", metadata, metadataUs / 1e6);
        System.out.printf(Locale.ROOT, "kiln.first_to_last_statement_s: %.3f%n", (lastUs - firstUs) / 1e6);
        // per worker lane of the kiln run: busy in statements, in metadata, and idle between them
        Map<String, long[]> perThread = new TreeMap<>();
        for (Entry e : work) {
            long[] a = perThread.computeIfAbsent(e.db().replaceAll("^jdbc:duckdb:\\S*?(#\\d+)?$", "db$1") + " "
                    + e.thread(), k -> new long[] {Long.MAX_VALUE, 0, 0, 0});
            a[0] = Math.min(a[0], e.startUs());
            a[1] = Math.max(a[1], e.endUs());
            a[e.kind().equals("metadata") ? 3 : 2] += e.micros();
        }
        perThread.forEach((k, a) -> System.out.printf(Locale.ROOT,
                "kiln.thread %s: span %.3f s, statements %.3f s, metadata %.3f s, between them %.3f s%n",
                k, (a[1] - a[0]) / 1e6, a[2] / 1e6, a[3] / 1e6, (a[1] - a[0] - a[2] - a[3]) / 1e6));
        if (args.length >= 4) {
            long start = Long.parseLong(args[2]);
            long end = Long.parseLong(args[3]);
            System.out.printf(Locale.ROOT, "kiln.total_s: %.3f%n", (end - start) / 1e6);
            System.out.printf(Locale.ROOT, "kiln.before_database_open_s: %.3f%n", (openedUs - start) / 1e6);
            System.out.printf(Locale.ROOT, "kiln.database_open_to_first_statement_s: %.3f%n", (firstUs - openedUs) / 1e6);
            System.out.printf(Locale.ROOT, "kiln.after_last_statement_s: %.3f%n", (end - lastUs) / 1e6);
        }
    }

    private static String abbreviate(String sql) {
        String one = sql.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
