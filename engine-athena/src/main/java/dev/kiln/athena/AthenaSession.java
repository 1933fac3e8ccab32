package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One worker's connection to Athena: statements through a {@link QueryEngine}, relations
 * through the Glue {@link Catalog}, data files through the {@link ObjectStore}.
 *
 * <p>{@link #lastResponse()} reports the last statement's query id, scanned bytes and engine
 * time. Inside {@link #track}, which the materializer wraps around each build, it sums every
 * query of the build instead (and lists their ids), so that a node's run result counts every
 * byte the node scanned.
 */
public final class AthenaSession implements Session {

    private final QueryEngine engine;
    private final Catalog catalog;
    private final ObjectStore store;
    private final AthenaSettings settings;
    private List<QueryStats> tracked = new ArrayList<>();
    private boolean tracking;
    private QueryStats seen;

    /**
     * @param engine   runs statements
     * @param catalog  the Glue catalog
     * @param store    S3
     * @param settings the target's settings
     */
    public AthenaSession(QueryEngine engine, Catalog catalog, ObjectStore store, AthenaSettings settings) {
        this.engine = engine;
        this.catalog = catalog;
        this.store = store;
        this.settings = settings;
    }

    @Override
    public long execute(String sql) {
        try {
            return engine.execute(sql);
        } finally {
            record();
        }
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        try {
            return engine.query(sql, maxRows);
        } finally {
            record();
        }
    }

    /** Every relation of {@code schemas} (the target's schema when none is given). */
    @Override
    public Map<Relation, RelationKind> relations(Collection<String> schemas) {
        Map<Relation, RelationKind> out = new LinkedHashMap<>();
        for (String schema : schemas.isEmpty() ? List.of(settings.schema()) : schemas) {
            out.putAll(catalog.relations(schema));
        }
        return out;
    }

    @Override
    public Optional<RelationInfo> describe(Relation relation) {
        return catalog.table(relation).map(CatalogTable::info);
    }

    /**
     * Each relation's Glue entry: columns (partition columns last, as Athena lists them) and the
     * statistics Glue keeps in the table parameters ({@code numRows} or {@code recordCount},
     * {@code totalSize} or {@code rawDataSize}, set by {@code ANALYZE} or a crawler); nothing is
     * queried through Athena, so reading the catalog costs no scan.
     */
    @Override
    public List<dev.kiln.spi.CatalogEntry> catalog(Collection<Relation> relations) {
        List<dev.kiln.spi.CatalogEntry> out = new ArrayList<>();
        for (Relation r : relations) {
            catalog.table(r).ifPresent(t -> out.add(new dev.kiln.spi.CatalogEntry(t.info(), null, null, stats(t))));
        }
        return out;
    }

    static List<dev.kiln.spi.CatalogEntry.Stat> stats(CatalogTable t) {
        List<dev.kiln.spi.CatalogEntry.Stat> stats = new ArrayList<>();
        Long rows = firstNumber(t.parameters(), "numRows", "recordCount");
        if (rows != null) {
            stats.add(new dev.kiln.spi.CatalogEntry.Stat(dev.kiln.spi.CatalogEntry.Stat.ROW_COUNT, "Row count", rows,
                    "Rows as the Glue Data Catalog's table statistics record them (numRows or recordCount)"));
        }
        Long bytes = firstNumber(t.parameters(), "totalSize", "rawDataSize");
        if (bytes != null) {
            stats.add(new dev.kiln.spi.CatalogEntry.Stat(dev.kiln.spi.CatalogEntry.Stat.BYTES, "Approximate size", bytes,
                    "Bytes of data as the Glue Data Catalog's table statistics record them"));
        }
        return stats;
    }

    private static Long firstNumber(Map<String, String> parameters, String... keys) {
        for (String k : keys) {
            String v = parameters.get(k);
            if (v != null) {
                try {
                    long n = Long.parseLong(v.strip());
                    if (n >= 0) {
                        return n;
                    }
                } catch (NumberFormatException notANumber) {
                    // Glue lets anything be written there: try the next key
                }
            }
        }
        return null;
    }

    @Override
    public void ensureSchema(String schema) {
        catalog.ensureSchema(schema);
    }

    @Override
    public synchronized Map<String, Object> lastResponse() {
        if (tracked.isEmpty()) {
            return Map.of();
        }
        QueryStats lastQuery = tracked.get(tracked.size() - 1);
        if (tracked.size() == 1) {
            return lastQuery.toMap();
        }
        long scanned = 0;
        long engineMs = 0;
        List<String> ids = new ArrayList<>();
        for (QueryStats s : tracked) {
            scanned += Math.max(0, s.dataScannedBytes());
            engineMs += Math.max(0, s.engineExecutionMs());
            if (s.queryId() != null) {
                ids.add(s.queryId());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (lastQuery.queryId() != null) {
            m.put("query_id", lastQuery.queryId());
        }
        m.put("data_scanned_bytes", scanned);
        m.put("engine_execution_time_ms", engineMs);
        m.put("queries", tracked.size());
        if (!ids.isEmpty()) {
            m.put("query_ids", List.copyOf(ids));
        }
        return m;
    }

    /**
     * Runs one build; {@link #lastResponse()} then sums the queries it ran (until the next
     * statement outside a build, or the next build).
     */
    public <T> T track(Supplier<T> build) {
        synchronized (this) {
            tracked = new ArrayList<>();
            tracking = true;
        }
        try {
            return build.get();
        } finally {
            synchronized (this) {
                tracking = false;
            }
        }
    }

    @Override
    public void cancel() {
        engine.cancel();
    }

    @Override
    public void close() {
        engine.close();
    }

    /** The Glue catalog. */
    public Catalog catalog() {
        return catalog;
    }

    /** S3. */
    public ObjectStore store() {
        return store;
    }

    /** The target's settings. */
    public AthenaSettings settings() {
        return settings;
    }

    private synchronized void record() {
        QueryStats s = engine.lastStats();
        if (s == seen || s == QueryStats.UNKNOWN) {
            return;
        }
        seen = s;
        if (!tracking) {
            tracked = new ArrayList<>();
        }
        tracked.add(s);
    }
}
