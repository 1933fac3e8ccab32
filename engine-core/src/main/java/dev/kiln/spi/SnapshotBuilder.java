package dev.kiln.spi;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a snapshot: a slowly changing dimension of type 2 over the snapshot's source.
 *
 * <p>The table has the source's columns plus {@value #SCD_ID} (a hash of the unique key and the
 * version's start), {@value #UPDATED_AT}, {@value #VALID_FROM} and {@value #VALID_TO} (null for
 * the current version), and {@value #IS_DELETED} once {@code hard_deletes: new_record} is used.
 * The first run creates it with every source row current (atomically, like a table). A later
 * run stages the differences between the source and the current versions in
 * {@code <name>__kiln_tmp} ({@link SnapshotSql#changes}), then, in one transaction where the
 * dialect allows: adds new source columns, closes the current versions of changed and
 * deleted rows, and inserts the new versions (one {@code MERGE} that does both where DDL is
 * not transactional: {@link #applyStatements}). Every timestamp the run writes that does not
 * come from {@code updated_at} is one snapshot time, read from the warehouse once.
 *
 * <p>Adapters change the SQL through their {@link Dialect}, or subclass this builder (and
 * {@link SnapshotSql}) and return it from {@link Materializer#snapshotBuilder()}.
 */
public class SnapshotBuilder {

    /** The version's id: a hash of the unique key and {@value #VALID_FROM}. */
    public static final String SCD_ID = "kiln_scd_id";
    /** When the version was last updated: {@code updated_at} (timestamp), or the snapshot time (check). */
    public static final String UPDATED_AT = "kiln_updated_at";
    /** When the version became current. */
    public static final String VALID_FROM = "kiln_valid_from";
    /** When the version stopped being current; null while it is. */
    public static final String VALID_TO = "kiln_valid_to";
    /** True on a deletion record ({@code hard_deletes: new_record}). */
    public static final String IS_DELETED = "kiln_is_deleted";
    /** The columns a snapshot adds to the source's. */
    public static final List<String> META_COLUMNS = List.of(SCD_ID, UPDATED_AT, VALID_FROM, VALID_TO, IS_DELETED);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** The materializer this builder belongs to (for the table swap and its helpers). */
    protected final Materializer materializer;

    /** The warehouse's dialect. */
    protected final Dialect dialect;

    /** @param materializer the materializer this builder belongs to */
    public SnapshotBuilder(Materializer materializer) {
        this.materializer = materializer;
        this.dialect = materializer.dialect();
    }

    /** Creates the snapshot table, or records the source's changes in it. {@code --full-refresh} does not apply. */
    public BuildResult build(BuildRequest req) {
        SnapshotConfig cfg = SnapshotConfig.of(req.node());
        Session s = req.session();
        List<String> sourceColumns = sourceColumns(s, cfg, req.sql());
        s.ensureSchema(req.relation().schema());
        SnapshotSql sql = sql(cfg, req.relation(), dialect.timestampLiteral(snapshotTime(s)));
        Optional<RelationInfo> existing = s.describe(req.relation());
        if (existing.isEmpty()) {
            return create(req, sql);
        }
        if (existing.get().kind() != RelationKind.TABLE) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.snapshot() + ": " + req.relation()
                    + " is a view, not a snapshot table. Drop it, or give the snapshot another name or schema.");
        }
        return update(req, sql, existing.get(), sourceColumns);
    }

    /** The SQL of one run; adapters may return a subclass. */
    protected SnapshotSql sql(SnapshotConfig cfg, Relation target, String now) {
        return new SnapshotSql(dialect, cfg, target, now);
    }

    /** First run: every source row becomes a current version. */
    protected BuildResult create(BuildRequest req, SnapshotSql sql) {
        Session s = req.session();
        Relation tmp = materializer.temporary(req.relation());
        long rows = materializer.buildTemporary(s, tmp, sql.create(req.sql()));
        try {
            requireUnique(s, sql, tmp, null);
        } catch (RuntimeException e) {
            materializer.dropQuietly(s, tmp, RelationKind.TABLE);
            throw e;
        }
        materializer.swap(s, tmp, req.relation());
        return result(rows, 0, 0);
    }

    /** Later runs: stages the changes, then applies them in one transaction. */
    protected BuildResult update(BuildRequest req, SnapshotSql sql, RelationInfo table, List<String> sourceColumns) {
        Session s = req.session();
        Relation changes = materializer.temporary(req.relation());
        Map<String, String> snapshotColumns = new LinkedHashMap<>();
        table.columns().forEach(c -> snapshotColumns.putIfAbsent(SchemaChange.key(c.name()), c.name()));
        boolean hasDeletedFlag = snapshotColumns.containsKey(SchemaChange.key(sql.config().meta().isDeleted()));
        materializer.buildTemporary(s, changes, sql.changes(req.sql(), sourceColumns, snapshotColumns, hasDeletedFlag));
        try {
            requireUnique(s, sql, changes, sql.notDeleted());
            Map<String, Long> counts = counts(s, sql, changes);
            List<String> statements = new ArrayList<>();
            RelationInfo staged = s.describe(changes).orElseThrow(() -> new KilnException(ErrorCode.EXECUTION_FAILED,
                    sql.config().snapshot() + ": the staged changes " + changes + " vanished."));
            for (RelationInfo.Column c : staged.columns()) {
                if (sourceColumns.contains(c.name()) && !snapshotColumns.containsKey(SchemaChange.key(c.name()))) {
                    statements.add(dialect.addColumn(req.relation(), c.name(), c.type()));
                }
            }
            boolean newRecord = sql.config().hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD;
            if (newRecord && !hasDeletedFlag) {
                statements.addAll(sql.addDeletedFlag());
            }
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            if (total > 0) {
                statements.addAll(applyStatements(sql, changes, sourceColumns, hasDeletedFlag || newRecord));
            }
            if (!statements.isEmpty()) {
                materializer.inTransaction(s, () -> statements.forEach(s::execute));
            }
            return result(counts.getOrDefault(SnapshotSql.INSERT, 0L), counts.getOrDefault(SnapshotSql.UPDATE, 0L),
                    counts.getOrDefault(SnapshotSql.DELETE, 0L));
        } finally {
            materializer.dropQuietly(s, changes, RelationKind.TABLE);
        }
    }

    /**
     * The statements that record the staged changes: where the dialect has transactional DDL,
     * {@link SnapshotSql#closeVersions} then {@link SnapshotSql#insertVersions} (run in one
     * transaction); otherwise the single {@link SnapshotSql#mergeVersions MERGE} that does both in
     * one commit, so that no reader or crash ever sees versions closed without their successors.
     */
    protected List<String> applyStatements(SnapshotSql sql, Relation changes, List<String> sourceColumns,
                                           boolean withDeletedFlag) {
        if (dialect.supportsTransactionalDdl()) {
            return List.of(sql.closeVersions(changes), sql.insertVersions(changes, sourceColumns, withDeletedFlag));
        }
        return List.of(sql.mergeVersions(changes, sourceColumns, withDeletedFlag));
    }

    /**
     * The snapshot time, read once from the warehouse so that every row of a run carries the
     * same one, as {@code yyyy-MM-dd HH:mm:ss.SSSSSS} text.
     */
    protected String snapshotTime(Session s) {
        Object now = s.query("select cast(" + dialect.currentTimestamp() + " as " + dialect.typeTimestamp() + ")", 1).scalar();
        if (now instanceof java.sql.Timestamp ts) {
            return TIME.format(ts.toLocalDateTime());
        }
        if (now instanceof LocalDateTime ldt) {
            return TIME.format(ldt);
        }
        if (now instanceof OffsetDateTime odt) {
            return TIME.format(odt.toLocalDateTime());
        }
        return String.valueOf(now);
    }

    /** The source's columns; checks that the configured columns are among them and that none is reserved. */
    protected List<String> sourceColumns(Session s, SnapshotConfig cfg, String sourceSql) {
        List<String> columns = s.query(dialect.limit(sourceSql, 0), 0).columns();
        List<String> keys = columns.stream().map(SchemaChange::key).toList();
        for (String c : columns) {
            if (META_COLUMNS.contains(SchemaChange.key(c))) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.snapshot() + ": the source has a column named "
                        + c + ", which the snapshot adds itself. Rename or leave out that column.");
            }
        }
        List<String> wanted = new ArrayList<>(cfg.uniqueKey());
        if (cfg.strategy() == SnapshotConfig.Strategy.TIMESTAMP) {
            wanted.add(cfg.updatedAt());
        }
        wanted.addAll(cfg.checkCols());
        for (String w : wanted) {
            if (!keys.contains(SchemaChange.key(w))) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, cfg.snapshot() + ": column '" + w
                        + "' is not a column of the source (its columns: " + String.join(", ", columns) + ").");
            }
        }
        return columns;
    }

    /** Fails when a unique key appears on more than one row of {@code relation} (rows matching {@code where}). */
    protected void requireUnique(Session s, SnapshotSql sql, Relation relation, String where) {
        QueryResult dups = s.query(sql.duplicateKeys(relation, where), 3);
        if (!dups.rows().isEmpty()) {
            List<String> examples = dups.rows().stream().map(r -> r.subList(0, r.size() - 1).toString()).toList();
            throw new KilnException(ErrorCode.EXECUTION_FAILED, sql.config().snapshot() + ": unique_key "
                    + sql.config().uniqueKey() + " is not unique in the source, e.g. " + String.join(", ", examples)
                    + (dups.truncated() ? " and more" : "") + ". The snapshot was left unchanged.");
        }
    }

    private static Map<String, Long> counts(Session s, SnapshotSql sql, Relation changes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        QueryResult r = s.query(sql.countChanges(changes), 10);
        r.rows().forEach(row -> counts.put(String.valueOf(row.get(0)), ((Number) row.get(1)).longValue()));
        return counts;
    }

    private static BuildResult result(long inserted, long changed, long deleted) {
        return new BuildResult(inserted + changed + deleted,
                "SNAPSHOT " + inserted + " new, " + changed + " changed, " + deleted + " deleted");
    }
}
