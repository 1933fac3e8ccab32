package dev.kiln.hubspot.testserver;

import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.duckdb.DuckDbProvider;
import dev.kiln.hubspot.HubSpotDestination;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Session;
import dev.kiln.spi.SyncOutcome;
import dev.kiln.spi.SyncRequest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real DuckDB database file opened through Kiln's DuckDB adapter, holding the model a sync
 * reads and the sync state, and a way to run the hubspot destination on it as Kiln does.
 */
public final class DuckDbTarget implements AutoCloseable {

    /** The state schema Kiln passes destinations. */
    public static final String STATE_SCHEMA = "kiln_state";

    private final Adapter adapter;
    private final Session session;

    /** Opens (or creates) the database file. */
    public DuckDbTarget(Path file) {
        TargetConfig target = new TargetConfig("dev", "duckdb", Map.of("path", file.toAbsolutePath().toString()), SourcePosition.of(file));
        adapter = new DuckDbProvider().open(new AdapterContext(target, file.toAbsolutePath().getParent()));
        session = adapter.openSession();
    }

    /** The session. */
    public Session session() {
        return session;
    }

    /** The dialect. */
    public Dialect dialect() {
        return adapter.dialect();
    }

    /** Runs a statement. */
    public void exec(String sql) {
        session.execute(sql);
    }

    /** Every row of a query. */
    public List<List<Object>> rows(String sql) {
        return session.query(sql, Integer.MAX_VALUE).rows();
    }

    /** A single number. */
    public long count(String sql) {
        return ((Number) session.query(sql, 1).scalar()).longValue();
    }

    /** Runs the hubspot destination on {@code model} with {@code settings}. */
    public SyncOutcome sync(String exposure, Map<String, Object> settings, Relation model, boolean dryRun, Path workDir,
                            Consumer<String> progress) {
        return new HubSpotDestination().sync(new SyncRequest(exposure, settings, model, session, dialect(), STATE_SCHEMA, dryRun,
                workDir, progress));
    }

    @Override
    public void close() {
        session.close();
        adapter.close();
    }
}
