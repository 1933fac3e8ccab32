package dev.datavision.ops;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * DataVision's operational side, running: the application database (PostgreSQL), the marketing
 * platform's API (HTTP) and the sessions log (JSON-lines files), all showing the simulated history up
 * to one clock. {@link #advance(int)} moves the clock forward by whole days, up to the history's
 * as_of, and each system receives what happened meanwhile.
 */
public final class OperationalSystems implements AutoCloseable, MarketingApi.Backend {

    private final History history;
    private final SessionLogs logs;
    private final AppDatabase database;
    private MarketingApi api;
    private final String dbPassword;
    private final String apiToken;
    private final Consumer<String> progress;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private LocalDate clock;

    private OperationalSystems(History history, SessionLogs logs, AppDatabase database, String dbPassword,
                               String apiToken, LocalDate clock, Consumer<String> progress) {
        this.history = history;
        this.logs = logs;
        this.database = database;
        this.dbPassword = dbPassword;
        this.apiToken = apiToken;
        this.clock = clock;
        this.progress = progress;
    }

    /**
     * Starts every system and brings it to the configured clock.
     *
     * @param config   where and on which ports
     * @param progress receives one line per step, for a person to watch
     */
    public static OperationalSystems start(SystemsConfig config, Consumer<String> progress)
            throws IOException, SQLException {
        History history = History.open(config.rawDir());
        LocalDate clock = config.clock() == null ? history.asOf() : config.clock();
        LocalDate start = history.asOf().minusMonths(18);
        if (clock.isAfter(history.asOf()) || clock.isBefore(start)) {
            history.close();
            throw new IllegalArgumentException("the clock must be from " + start + " to " + history.asOf()
                    + " (the simulated history, " + history.identity() + "), got " + clock);
        }
        SecureRandom random = new SecureRandom();
        String password = secret(random);
        String token = secret(random);
        AppDatabase database = null;
        try {
            long t0 = System.nanoTime();
            database = AppDatabase.start(config.pgDataDir(), config.pgPort(), password);
            progress.accept(String.format(java.util.Locale.ROOT, "application database: PostgreSQL on 127.0.0.1:%d"
                    + " started in %.1fs", database.port(), (System.nanoTime() - t0) / 1e9));
            t0 = System.nanoTime();
            Map<String, Long> rows = database.fill(history, history.cutoff(clock));
            progress.accept(String.format(java.util.Locale.ROOT, "application database: %,d rows at %s in %.1fs %s",
                    rows.values().stream().mapToLong(Long::longValue).sum(), clock, (System.nanoTime() - t0) / 1e9,
                    rows));
            SessionLogs logs = new SessionLogs(config.landingDir().resolve("sessions"));
            t0 = System.nanoTime();
            List<Path> files = logs.sync(history, clock);
            progress.accept(String.format(java.util.Locale.ROOT, "sessions log: %d new files in %s in %.1fs",
                    files.size(), logs.dir(), (System.nanoTime() - t0) / 1e9));
            OperationalSystems systems = new OperationalSystems(history, logs, database, password, token, clock,
                    progress);
            systems.api = MarketingApi.start(config.apiPort(), token, systems);
            progress.accept("marketing API: " + systems.api.baseUrl() + " (campaigns, events)");
            return systems;
        } catch (IOException | SQLException | RuntimeException e) {
            if (database != null) {
                database.close();
            }
            history.close();
            throw e;
        }
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The simulated day the systems are at (they hold everything before its midnight, UTC). */
    public synchronized LocalDate clock() {
        return clock;
    }

    /** End of the simulated history: the clock cannot pass it. */
    public LocalDate asOf() {
        return history.asOf();
    }

    /**
     * Moves the clock forward: new and changed rows reach the application database (one
     * transaction), the marketing API serves the new events, and each finished day's sessions land
     * as a new log file.
     *
     * @param days whole days, at least 1; the clock stops at as_of
     * @return what changed: the new clock, rows upserted per application table, log files written
     */
    @Override
    public synchronized Map<String, Object> advance(int days) throws SQLException, IOException {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        if (!clock.isBefore(history.asOf())) {
            throw new IllegalArgumentException("the clock is at " + clock + ", the end of the simulated history; "
                    + "start the systems earlier (--clock or --days-behind) or regenerate with a later --as-of");
        }
        LocalDate to = clock.plusDays(days);
        if (to.isAfter(history.asOf())) {
            to = history.asOf();
        }
        long t0 = System.nanoTime();
        Map<String, Long> rows = database.advance(history, history.cutoff(clock), history.cutoff(to));
        List<Path> files = logs.sync(history, to);
        LocalDate from = clock;
        clock = to;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("from", from.toString());
        result.put("clock", to.toString());
        result.put("application_rows", rows);
        result.put("session_files", files.stream().map(p -> p.getFileName().toString()).toList());
        progress.accept(String.format(java.util.Locale.ROOT, "clock %s -> %s in %.1fs: %s, %d new session files",
                from, to, (System.nanoTime() - t0) / 1e9, rows, files.size()));
        return result;
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public synchronized String cutoff() {
        return history.cutoff(clock);
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    /** Blocks until {@code POST /_simulator/stop} (or {@link #stop()}). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * How to reach the systems, as environment variables: {@code DATAVISION_APP_DB_URL},
     * {@code DATAVISION_APP_DB_USER}, {@code DATAVISION_APP_DB_PASSWORD}, {@code DATAVISION_MARKETING_API},
     * {@code DATAVISION_MARKETING_TOKEN}, {@code DATAVISION_LANDING_DIR}.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATAVISION_APP_DB_URL", database.jdbcUrl());
        env.put("DATAVISION_APP_DB_USER", AppDatabase.USER);
        env.put("DATAVISION_APP_DB_PASSWORD", dbPassword);
        env.put("DATAVISION_MARKETING_API", api.baseUrl());
        env.put("DATAVISION_MARKETING_TOKEN", apiToken);
        env.put("DATAVISION_LANDING_DIR", logs.dir().getParent().toAbsolutePath().toString());
        return env;
    }

    /** Stops the API, the database and closes the history. */
    @Override
    public void close() throws IOException {
        try {
            api.close();
        } finally {
            try {
                database.close();
            } finally {
                try {
                    history.close();
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }
        }
    }
}
