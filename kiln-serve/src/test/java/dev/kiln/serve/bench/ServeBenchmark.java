package dev.kiln.serve.bench;

import dev.kiln.Exposure;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.serve.BuildWatcher;
import dev.kiln.serve.DuckDbFileReplicaSource;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.ServeApp;
import dev.kiln.serve.ServeSpec;
import dev.kiln.serve.ServedModel;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kiln serve} under load: key lookups by user id on an {@code rfm_segments}-shaped table
 * of N rows (built directly in DuckDB, not by the DataVision pipeline), from C concurrent
 * keep-alive clients on loopback, for a fixed time. Prints latency percentiles, throughput,
 * the replica's memory, and how long after a "build" (the table rewritten, run_results.json
 * touched) the new data is served, with the clients still running.
 *
 * <p>Usage: {@code ServeBenchmark [rows=1000000] [clients=16] [seconds=20]}; or
 * {@code ServeBenchmark rows --serve-for SECONDS}: only opens the API (and waits for its key
 * index), prints {@code listening on http://127.0.0.1:PORT}, serves for that long and exits, so
 * that a load generator in another process (wrk, see benchmarks/serve.sh) can measure it.
 */
public final class ServeBenchmark {

    private ServeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean serveOnly = args.length > 2 && args[1].equals("--serve-for");
        int clients = args.length > 1 && !serveOnly ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Path dir = Files.createTempDirectory("kiln-serve-bench");
        Path db = dir.resolve("datavision.duckdb");
        long t0 = System.nanoTime();
        writeTable(db, rows, 1);
        System.out.printf("table: %,d rows written in %.1f s (%s)%n", rows, (System.nanoTime() - t0) / 1e9, db);

        Map<String, Object> serve = Map.of("endpoints", List.of(Map.of("path", "/users/{user_id}/segment",
                "model", "rfm_segments")));
        Exposure e = new Exposure("exposure.datavision.segmentation_api", "segmentation_api", "", "application",
                Exposure.Owner.NONE, "", List.of(), "", "", List.of(), Map.of(), true, null, null, serve, Map.of(),
                new NodeOrigin(Path.of("models/api.yml"), new SourcePosition(Path.of("models/api.yml"), 1, 1), List.of()));
        ServedModel model = new ServedModel("rfm_segments", Relation.of("analytics", "rfm_segments"), "", Map.of(),
                List.of(Set.of("user_id")));
        System.gc();
        long heapBefore = usedHeap();
        t0 = System.nanoTime();
        try (ServeApp app = ServeApp.open(List.of(ServeSpec.of(e)), Map.of("rfm_segments", model),
                new DuckDbFileReplicaSource(db), "bench", "1");
             KilnServer server = KilnServer.start(app, "127.0.0.1", 0)) {
            app.handler().accessLog(null);
            System.out.printf("replica: first copy %.2f s; DuckDB memory %.0f MB; JVM heap +%.0f MB%n",
                    (System.nanoTime() - t0) / 1e9, app.replica().memoryBytes() / 1e6, (usedHeap() - heapBefore) / 1e6);
            int port = server.port();
            if (serveOnly) {
                serveFor(port, rows, seconds);
                return;
            }
            run(port, clients, 5, rows, "warm-up");
            Result r = run(port, clients, seconds, rows, "measured");
            r.print(clients, seconds);

            Path runResults = dir.resolve("run_results.json");
            Files.writeString(runResults, "{}");
            try (BuildWatcher watcher = new BuildWatcher(app, runResults, Duration.ofSeconds(1), v -> { }).start()) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong seenGen2 = new AtomicLong();
                AtomicLong errors = new AtomicLong();
                List<Thread> threads = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    Thread th = new Thread(() -> {
                        try (Client client = new Client(port)) {
                            while (!stop.get()) {
                                long id = ThreadLocalRandom.current().nextLong(1, rows + 1);
                                String body = client.get("/users/" + id + "/segment");
                                if (body == null) {
                                    errors.incrementAndGet();
                                } else if (body.contains("\"generation\":2")) {
                                    seenGen2.compareAndSet(0, System.nanoTime());
                                }
                            }
                        } catch (IOException ex) {
                            errors.incrementAndGet();
                        }
                    });
                    th.start();
                    threads.add(th);
                }
                long rebuildStart = System.nanoTime();
                writeTable(db, rows, 2);
                Files.writeString(runResults, "{\"generation\": 2}");
                long buildEnd = System.nanoTime();
                while (seenGen2.get() == 0 && System.nanoTime() - buildEnd < 60e9) {
                    Thread.sleep(10);
                }
                stop.set(true);
                for (Thread th : threads) {
                    th.join();
                }
                System.out.printf("rebuild under load: table rewritten in %.1f s; new data served %.2f s after the build "
                                + "ended (watcher polls every 1 s; copy %.2f s); failed requests: %d%n",
                        (buildEnd - rebuildStart) / 1e9, (seenGen2.get() - buildEnd) / 1e9,
                        app.replica().current().loadTime().toMillis() / 1000.0, errors.get());
                System.out.printf("replica after the swap: DuckDB memory %.0f MB%n", app.replica().memoryBytes() / 1e6);
            }
        }
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /**
     * Warms up, waits until the server is idle (the key index built in the background: the
     * process uses under 5% of a core for a second), announces the address, serves for
     * {@code seconds}.
     */
    private static void serveFor(int port, int rows, int seconds) throws Exception {
        long t0 = System.nanoTime();
        run(port, 2, 3, rows, "warm-up");
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        while (System.nanoTime() - t0 < 300e9) {
            Thread.sleep(1000);
            long now = os.getProcessCpuTime();
            if (now - cpu < 50_000_000L) {
                break;
            }
            cpu = now;
        }
        run(port, 2, 2, rows, "warm-up (key index ready)");
        System.out.printf("warm-up done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        System.out.println("listening on http://127.0.0.1:" + port);
        System.out.flush();
        Thread.sleep(seconds * 1000L);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** An rfm_segments-shaped table, rows in random order (the replica sorts its copy by user_id). */
    private static void writeTable(Path db, int rows, int generation) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("create schema if not exists analytics");
            st.execute("""
                    create or replace table analytics.rfm_segments as
                    select i::bigint as user_id,
                           (['free', 'premium', 'enterprise'])[1 + (hash(i) %% 3)::int] as current_plan,
                           1 + (hash(i * 7) %% 5)::int as r_score,
                           1 + (hash(i * 11) %% 5)::int as f_score,
                           1 + (hash(i * 13) %% 5)::int as m_score,
                           (1 + (hash(i * 7) %% 5))::varchar || (1 + (hash(i * 11) %% 5))::varchar as rfm_cell,
                           (['champions', 'loyal', 'potential_loyalists', 'new_users', 'promising', 'need_attention',
                             'about_to_sleep', 'at_risk', 'cannot_lose_them', 'hibernating', 'lost'])[1 + (hash(i * 17) %% 11)::int] as segment,
                           'Reward them; ask for reviews.' as suggested_action,
                           (i %% 1000) * 1.5::decimal(12, 2) as monetary,
                           %d as generation
                    from range(1, %d + 1) t(i)
                    order by random()
                    """.formatted(generation, rows));
        }
    }

    private record Result(long[] nanos, int count, long errors, double elapsed) {
        void print(int clients, int seconds) {
            long[] s = Arrays.copyOf(nanos, count);
            Arrays.sort(s);
            System.out.printf("lookups: %d clients, %d s: %,d requests, %.0f req/s; p50 %.2f ms, p90 %.2f ms, "
                            + "p99 %.2f ms, max %.2f ms; errors %d%n", clients, seconds, count, count / elapsed,
                    pct(s, 0.50), pct(s, 0.90), pct(s, 0.99), s.length == 0 ? 0 : s[s.length - 1] / 1e6, errors);
        }

        private static double pct(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * p))] / 1e6;
        }
    }

    private static Result run(int port, int clients, int seconds, int rows, String label) throws Exception {
        long[][] lat = new long[clients][];
        int[] counts = new int[clients];
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int me = c;
            lat[c] = new long[200_000];
            Thread th = new Thread(() -> {
                try (Client client = new Client(port)) {
                    while (System.nanoTime() < end) {
                        long id = ThreadLocalRandom.current().nextLong(1, rows + 1);
                        long t = System.nanoTime();
                        String body = client.get("/users/" + id + "/segment");
                        long d = System.nanoTime() - t;
                        if (body == null || !body.contains("\"user_id\":" + id + ",")) {
                            errors.incrementAndGet();
                        } else if (counts[me] < lat[me].length) {
                            lat[me][counts[me]++] = d;
                        }
                    }
                } catch (IOException ex) {
                    errors.incrementAndGet();
                }
            }, "bench-" + c);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(lat[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        if (!label.equals("measured")) {
            System.out.printf("%s: %,d requests in %.1f s%n", label, total, elapsed);
        }
        return new Result(all, total, errors.get(), elapsed);
    }

    /** A minimal HTTP/1.1 keep-alive client, so the load generator costs little CPU. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        /** The body of a 200, or null. */
        String get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                head.append((char) b);
                if (head.length() >= 4 && head.charAt(head.length() - 1) == '\n' && head.charAt(head.length() - 2) == '\r'
                        && head.charAt(head.length() - 3) == '\n' && head.charAt(head.length() - 4) == '\r') {
                    break;
                }
            }
            String h = head.toString();
            int length = 0;
            for (String line : h.split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return h.startsWith("HTTP/1.1 200") ? new String(body, StandardCharsets.UTF_8) : null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
