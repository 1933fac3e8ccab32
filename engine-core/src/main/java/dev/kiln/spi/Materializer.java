package dev.kiln.spi;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;

import java.util.Optional;

/**
 * How nodes are built on a warehouse. This base class speaks portable SQL through the
 * {@link Dialect}, and replaces tables so that a failure at any point leaves the previous
 * table whole: the new table is built under a temporary name, then swapped in within one
 * transaction. Adapters override what their warehouse does differently.
 */
public class Materializer {

    /** Suffix of the relation a table is built under before the swap. */
    public static final String TEMP_SUFFIX = "__kiln_tmp";

    /** The warehouse's dialect. */
    protected final Dialect dialect;

    /** @param dialect the warehouse's dialect */
    public Materializer(Dialect dialect) {
        this.dialect = dialect;
    }

    /** {@code materialized: view}: creates or replaces the view (a table of that name is dropped first). */
    public BuildResult view(BuildRequest req) {
        Session s = req.session();
        s.ensureSchema(req.relation().schema());
        Optional<RelationInfo> existing = s.describe(req.relation());
        if (existing.isPresent() && existing.get().kind() == RelationKind.TABLE) {
            inTransaction(s, () -> {
                s.execute(dialect.dropRelation(req.relation(), RelationKind.TABLE));
                s.execute(dialect.createView(req.relation(), req.sql()));
            });
        } else {
            s.execute(dialect.createView(req.relation(), req.sql()));
        }
        return new BuildResult(-1, "CREATE VIEW");
    }

    /** {@code materialized: table}: builds under a temporary name, then swaps. */
    public BuildResult table(BuildRequest req) {
        Session s = req.session();
        s.ensureSchema(req.relation().schema());
        Relation tmp = temporary(req.relation());
        long rows = buildTemporary(s, tmp, req.sql());
        swap(s, tmp, req.relation());
        return new BuildResult(rows, "CREATE TABLE");
    }

    /**
     * {@code materialized: incremental}: a table build on the first run or a full refresh,
     * otherwise the new rows written by the configured strategy; see {@link IncrementalBuilder}.
     */
    public BuildResult incremental(BuildRequest req) {
        return incrementalBuilder().build(req);
    }

    /** Snapshots (SCD type 2, strategies {@code timestamp} and {@code check}); see {@link SnapshotBuilder}. */
    public BuildResult snapshot(BuildRequest req) {
        return snapshotBuilder().build(req);
    }

    /** Seeds: this base class cannot load files; adapters override. */
    public BuildResult seed(BuildRequest req) {
        throw new KilnException(ErrorCode.EXECUTION_FAILED, "The " + dialect.name() + " adapter cannot load seeds.");
    }

    /** The warehouse's dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** How incremental models are built here; adapters return a subclass to change a step. */
    protected IncrementalBuilder incrementalBuilder() {
        return new IncrementalBuilder(this);
    }

    /** How snapshots are built here; adapters return a subclass to change a step. */
    protected SnapshotBuilder snapshotBuilder() {
        return new SnapshotBuilder(this);
    }

    /** The temporary relation a table is built under. */
    protected Relation temporary(Relation target) {
        return new Relation(target.database(), target.schema(), target.identifier() + TEMP_SUFFIX);
    }

    /** Creates {@code tmp} from {@code sql}; on failure drops it and rethrows. Returns the row count. */
    protected long buildTemporary(Session s, Relation tmp, String sql) {
        s.execute(dialect.dropRelationIfExists(tmp, RelationKind.TABLE));
        try {
            long rows = s.execute(dialect.createTableAs(tmp, sql));
            if (rows < 0) {
                Object n = s.query("select count(*) from " + dialect.render(tmp), 1).scalar();
                rows = n instanceof Number num ? num.longValue() : -1;
            }
            return rows;
        } catch (RuntimeException e) {
            dropQuietly(s, tmp, RelationKind.TABLE);
            throw e;
        }
    }

    /** Replaces {@code target} (table or view, if any) by {@code tmp}, in one transaction. */
    protected void swap(Session s, Relation tmp, Relation target) {
        Optional<RelationInfo> existing = s.describe(target);
        try {
            inTransaction(s, () -> {
                existing.ifPresent(e -> s.execute(dialect.dropRelation(target, e.kind())));
                s.execute(dialect.renameRelation(tmp, target.identifier()));
            });
        } catch (RuntimeException e) {
            dropQuietly(s, tmp, RelationKind.TABLE);
            throw e;
        }
    }

    /** Runs {@code body} in a transaction when the dialect has transactional DDL. */
    protected void inTransaction(Session s, Runnable body) {
        if (!dialect.supportsTransactionalDdl()) {
            body.run();
            return;
        }
        s.execute("begin transaction");
        try {
            body.run();
            s.execute("commit");
        } catch (RuntimeException e) {
            try {
                s.execute("rollback");
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Drops a relation, ignoring errors (cleanup after a failure). */
    protected void dropQuietly(Session s, Relation r, RelationKind kind) {
        try {
            s.execute(dialect.dropRelationIfExists(r, kind));
        } catch (RuntimeException ignored) {
            // the original failure is what matters
        }
    }
}
