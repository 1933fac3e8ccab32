package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.Session;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * An open DuckDB database. Every session is a duplicate of one root connection, so that
 * in-memory databases are shared between worker threads.
 */
public final class DuckDbAdapter implements Adapter {

    private final DuckDBConnection root;
    private final DuckDbSettings settings;
    private final DuckDbDialect dialect;
    private final DuckDbMaterializer materializer;
    private final java.util.Set<String> schemas = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final StatementLog log;
    private static final java.util.concurrent.atomic.AtomicInteger IN_MEMORY_OPENED = new java.util.concurrent.atomic.AtomicInteger();

    private DuckDbAdapter(DuckDBConnection root, DuckDbSettings settings, StatementLog log) {
        this.root = root;
        this.log = log;
        this.settings = settings;
        this.dialect = DuckDbDialect.of(settings);
        this.materializer = new DuckDbMaterializer(dialect);
    }

    /** Opens (creating if needed) the database of {@code settings}. */
    public static DuckDbAdapter open(DuckDbSettings settings) {
        String url = "jdbc:duckdb:" + (settings.path() == null ? "" : settings.path());
        try {
            if (settings.path() != null) {
                Files.createDirectories(settings.path().getParent());
            }
            StatementLog log = StatementLog.fromSystemProperty(settings.path() == null
                    ? url + "#" + IN_MEMORY_OPENED.incrementAndGet() : url); // each in-memory database is another
            long t0 = System.nanoTime();
            DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url);
            log.record(StatementLog.Kind.SETUP, "-- open " + url, t0, true);
            try (Statement st = c.createStatement()) {
                for (String ext : settings.extensions()) {
                    setup(st, "load " + DuckDbDialect.IN_MEMORY.quoteIdentifier(ext), log);
                }
                if (settings.settings().keySet().stream().noneMatch(k -> k.equalsIgnoreCase("memory_limit")
                        || k.equalsIgnoreCase("max_memory"))) {
                    setup(st, "set memory_limit = " + DuckDbDialect.IN_MEMORY.quoteString(DuckDbMemory.defaultLimit()), log);
                }
                for (Map.Entry<String, Object> e : settings.settings().entrySet()) {
                    setup(st, "set " + e.getKey() + " = " + DuckDbDialect.IN_MEMORY.quoteString(String.valueOf(e.getValue())), log);
                }
                for (DuckDbSettings.Attachment a : settings.attach()) {
                    attach(st, a);
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return new DuckDbAdapter(c, settings, log);
        } catch (SQLException | IOException e) {
            String held = DuckDbLock.holder(e.getMessage());
            if (held != null) {
                throw new KilnException(ErrorCode.DATABASE_LOCKED, "Cannot open DuckDB database " + settings.path()
                        + ": another kiln is building this database: " + held
                        + ". Nothing was run. Wait for it to finish (or stop it), then run again.", e);
            }
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot open DuckDB database "
                    + (settings.path() == null ? "in memory" : settings.path()) + ": " + e.getMessage(), e);
        }
    }

    /** Runs one setting statement, recorded in the statement log. */
    private static void setup(Statement st, String sql, StatementLog log) throws SQLException {
        long t0 = System.nanoTime();
        st.execute(sql);
        log.record(StatementLog.Kind.SETUP, sql, t0, true);
    }

    /** Attaches a database file to the instance (so to every duplicated connection). */
    private static void attach(Statement st, DuckDbSettings.Attachment a) throws SQLException {
        if (!Files.isRegularFile(a.path())) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot attach DuckDB database " + a.path()
                    + ": file not found. Build the target that writes it first, or fix 'attach' in kiln.yml.");
        }
        try {
            st.execute("attach if not exists " + DuckDbDialect.IN_MEMORY.quoteString(a.path().toString()) + " as "
                    + DuckDbDialect.IN_MEMORY.quoteIdentifier(a.alias()) + (a.readOnly() ? " (read_only)" : ""));
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot attach DuckDB database " + a.path()
                    + " as '" + a.alias() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public Session openSession() {
        try {
            return new DuckDbSession((DuckDBConnection) root.duplicate(), dialect, schemas, log);
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot open a DuckDB connection: " + e.getMessage(), e);
        }
    }

    @Override
    public Materializer materializer() {
        return materializer;
    }

    /**
     * Loads land as tables in the source's schema, staged with DuckDB's appender and committed
     * with their state in one transaction (see {@link DuckDbLoadSink}).
     */
    @Override
    public java.util.Optional<dev.kiln.spi.LoadSink> loadSink(Session session, dev.kiln.spi.LoadTarget target) {
        if (!(session instanceof DuckDbSession s)) {
            throw new IllegalArgumentException("Not a session of this adapter: " + session);
        }
        return java.util.Optional.of(DuckDbLoadSink.open(s, target));
    }

    /** The settings this database was opened with. */
    public DuckDbSettings settings() {
        return settings;
    }

    /** {@code DuckDB v1.x.y}, from {@code select version()}. */
    @Override
    public java.util.Optional<String> version(Session session) {
        Object v = session.query("select version()", 1).scalar();
        return java.util.Optional.ofNullable(v).map(x -> "DuckDB " + x);
    }

    @Override
    public void close() {
        log.write();
        try {
            root.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }
}
