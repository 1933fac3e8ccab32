package dev.kiln.spi;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * How nodes are built on a warehouse. This base class speaks portable SQL through the
 * {@link Dialect}, and replaces tables so that a failure at any point leaves the previous
 * table whole: the new table is built under a temporary name, then swapped in within one
 * transaction. Adapters override what their warehouse does differently.
 *
 * <p>Crash safety: the engine runs every build through {@link #atomically}, which, where the
 * dialect has transactional DDL, makes the whole build (temporary table, swap, clean-up) one
 * transaction, so a process killed at any moment leaves the old relation or the new one and
 * never a relation under a {@link #temporaries temporary name}. Where it has not, the engine
 * records each build before it starts and, at the start of the next run, calls
 * {@link #recover} for every build that never finished.
 */
public class Materializer {

    /** Suffix of the relation a table is built under before the swap. */
    public static final String TEMP_SUFFIX = "__kiln_tmp";

    /** The warehouse's dialect. */
    protected final Dialect dialect;

    /** Sessions inside a transaction opened by {@link #inTransaction} or {@link #atomically}. */
    private final Set<Session> inTransaction = ConcurrentHashMap.newKeySet();

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

    /**
     * Runs one whole build of a node ({@link #table}, {@link #incremental}, …) on the request's session: in
     * one transaction when the dialect has transactional DDL, so that neither a failure nor a
     * crash at any moment leaves a temporary relation or a half-replaced one; otherwise as it is
     * (see {@link #recover}). Transactions the build opens itself become part of this one. The
     * relation's schema is created first, outside the transaction (other sessions build in it
     * at the same time).
     */
    public BuildResult atomically(BuildRequest req, Supplier<BuildResult> build) {
        Session s = req.session();
        if (req.relation() != null && req.relation().schema() != null) {
            s.ensureSchema(req.relation().schema());
        }
        BuildResult[] out = new BuildResult[1];
        inTransaction(s, () -> out[0] = build.get());
        return out[0];
    }

    /**
     * The relations a build of {@code target} may create under temporary names; what
     * {@link #recover} looks for. By default the {@link #temporary} relation.
     */
    public List<Relation> temporaries(Relation target) {
        return List.of(temporary(target));
    }

    /**
     * Completes or rolls back a build of {@code target} that a crash interrupted (called at the
     * start of the next run, before anything touches {@code target}). By default, for each of
     * the {@link #temporaries}: when {@code target} is gone but the temporary relation is there,
     * the crash fell between the swap's drop and its rename, so the rename is done; otherwise the
     * temporary relation is dropped. Returns what was done, one line per relation (empty when
     * nothing was left).
     */
    public List<String> recover(Session s, Relation target) {
        List<String> done = new java.util.ArrayList<>();
        for (Relation tmp : temporaries(target)) {
            Optional<RelationInfo> left = s.describe(tmp);
            if (left.isEmpty()) {
                continue;
            }
            if (tmp.equals(temporary(target)) && left.get().kind() == RelationKind.TABLE && s.describe(target).isEmpty()) {
                s.execute(dialect.renameRelation(tmp, target.identifier()));
                done.add("renamed " + tmp.displayName() + " to " + target.displayName() + " (the swap was interrupted)");
            } else {
                s.execute(dialect.dropRelationIfExists(tmp, left.get().kind()));
                done.add("dropped " + tmp.displayName() + " (left by an interrupted build)");
            }
        }
        return done;
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
        if (!dialect.supportsTransactionalDdl() || !inTransaction.add(s)) {
            body.run(); // no transactions here, or part of the one already open on this session
            return;
        }
        try {
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
        } finally {
            inTransaction.remove(s);
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
