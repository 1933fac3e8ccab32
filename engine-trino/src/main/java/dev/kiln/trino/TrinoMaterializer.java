package dev.kiln.trino;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;

import java.util.Optional;

/**
 * Trino builds. Views, incremental strategies and snapshots are the SPI's
 * ({@link dev.kiln.spi.IncrementalBuilder}, {@link dev.kiln.spi.SnapshotBuilder}) in Trino's words
 * ({@link TrinoDialect}). A table is replaced atomically with {@code CREATE OR REPLACE TABLE … AS}
 * (one Iceberg commit: readers see the old rows or the new, and a failed build leaves the old
 * table untouched), or, with {@code table_replace: rename} for connectors without it, built under
 * a temporary name and renamed over the old one. Every table takes the model's connector
 * properties ({@link TableProperties}). Seeds are read here and inserted in batches of rows.
 */
final class TrinoMaterializer extends Materializer {

    private final TrinoSettings.Replace replace;

    TrinoMaterializer(TrinoDialect dialect, TrinoSettings.Replace replace) {
        super(dialect);
        this.replace = replace;
    }

    @Override
    public BuildResult table(BuildRequest req) {
        req.session().ensureSchema(req.relation().schema());
        long rows = replace(req.session(), req.relation(), properties(req), req.sql());
        return new BuildResult(rows, "CREATE TABLE");
    }

    @Override
    public BuildResult seed(BuildRequest req) {
        return new SeedLoader(this, req).load();
    }

    /** The node's table properties. */
    TableProperties properties(BuildRequest req) {
        return TableProperties.of(req.node().config(), req.node().node().uniqueId());
    }

    /**
     * Replaces {@code target} (absent, a table or a view) by the rows of {@code sql}, atomically
     * where the connector can; returns the row count.
     */
    long replace(Session s, Relation target, TableProperties props, String sql) {
        Optional<RelationInfo> existing = s.describe(target);
        boolean table = existing.isEmpty() || existing.get().kind() == RelationKind.TABLE;
        if (replace == TrinoSettings.Replace.CREATE_OR_REPLACE && table) {
            return count(s, target, s.execute("create or replace table " + dialect.render(target) + props.with() + " as\n" + sql));
        }
        Relation tmp = temporary(target);
        s.execute(dialect.dropRelationIfExists(tmp, RelationKind.TABLE));
        long rows;
        try {
            rows = count(s, tmp, s.execute("create table " + dialect.render(tmp) + props.with() + " as\n" + sql));
        } catch (RuntimeException e) {
            dropQuietly(s, tmp, RelationKind.TABLE);
            throw e;
        }
        swap(s, tmp, target);
        return rows;
    }

    /** Runs statements one after another, for the seed loader. */
    void run(Session s, String sql) {
        s.execute(sql);
    }

    /** The temporary relation a table is staged under. */
    Relation staging(Relation target) {
        return temporary(target);
    }

    /** Drops quietly (clean-up after a failure). */
    void discard(Session s, Relation relation) {
        dropQuietly(s, relation, RelationKind.TABLE);
    }

    private long count(Session s, Relation r, long reported) {
        if (reported >= 0) {
            return reported;
        }
        Object n = s.query("select count(*) from " + dialect.render(r), 1).scalar();
        if (!(n instanceof Number num)) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot count the rows of " + r.displayName());
        }
        return num.longValue();
    }
}
