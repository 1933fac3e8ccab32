package dev.kiln.spi;

import dev.kiln.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The SQL of one snapshot run, in the {@link Dialect}'s words.
 *
 * <p>The staged changes ({@link #changes}) hold one row per source row to record: the source
 * columns, {@value #CHANGE} ({@value #INSERT} for a new key, {@value #UPDATE} for a changed row,
 * {@value #DELETE} for a key gone from the source), {@code kiln_scd_id} of the current version
 * to close (null for a new key), {@code kiln_updated_at} of the new version, and
 * {@code kiln_valid_to}: the time the current version closes, which is also when the new one
 * starts.
 */
public class SnapshotSql {

    /** The column of the staged changes that says what changed. */
    public static final String CHANGE = "kiln_change";
    /** A key that has no current version. */
    public static final String INSERT = "insert";
    /** A row that differs from its current version. */
    public static final String UPDATE = "update";
    /** A key whose current version is no longer in the source. */
    public static final String DELETE = "delete";

    private static final String S = "kiln_s";
    private static final String SRC = "kiln_src";
    private static final String CUR = "kiln_cur";

    /** The warehouse's dialect. */
    protected final Dialect d;
    /** The snapshot's config. */
    protected final SnapshotConfig cfg;
    /** The snapshot table. */
    protected final Relation target;
    /** The snapshot time, as an SQL timestamp expression. */
    protected final String now;

    private final String scdId;
    private final String updatedAt;
    private final String validFrom;
    private final String validTo;
    private final String isDeletedColumn;

    /**
     * @param dialect the warehouse's dialect
     * @param cfg     the snapshot's config
     * @param target  the snapshot table
     * @param now     the snapshot time, as an SQL timestamp expression
     */
    public SnapshotSql(Dialect dialect, SnapshotConfig cfg, Relation target, String now) {
        this.d = dialect;
        this.cfg = cfg;
        this.target = target;
        this.now = now;
        // the columns the snapshot adds, as snapshot_meta_column_names names them (also in the staged changes)
        SnapshotConfig.MetaColumns m = cfg.meta();
        this.scdId = m.scdId();
        this.updatedAt = m.updatedAt();
        this.validFrom = m.validFrom();
        this.validTo = m.validTo();
        this.isDeletedColumn = m.isDeleted();
    }

    /** The snapshot's config. */
    public SnapshotConfig config() {
        return cfg;
    }

    /** The query of the first run: every source row as a current version. */
    public String create(String sourceSql) {
        String start = start(S);
        return "select " + S + ".*, " + scdId(S + ".", start) + " as " + q(scdId) + ", " + start + " as " + q(updatedAt)
                + ", " + start + " as " + q(validFrom) + ", " + nullTimestamp() + " as " + q(validTo)
                + (cfg.hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD ? ", false as " + q(isDeletedColumn) : "")
                + "\nfrom (\n" + sourceSql + "\n) as " + S;
    }

    /**
     * The query of the staged changes.
     *
     * @param sourceSql       the source query
     * @param sourceColumns   the source's columns
     * @param snapshotColumns the snapshot table's columns, by lower-case name
     * @param hasDeletedFlag  whether the table has {@code kiln_is_deleted}
     */
    public String changes(String sourceSql, List<String> sourceColumns, Map<String, String> snapshotColumns,
                          boolean hasDeletedFlag) {
        String isDeleted = hasDeletedFlag ? "coalesce(" + CUR + "." + q(isDeletedColumn) + ", false)" : null;
        String src = columns(SRC, sourceColumns);
        String keys = keysMatch();
        String start = start(SRC);
        StringBuilder sb = new StringBuilder("with kiln_source as (\nselect * from (\n").append(sourceSql)
                .append("\n) as ").append(S).append("\n),\nkiln_current as (\nselect * from ").append(d.render(target))
                .append(" where ").append(q(validTo)).append(" is null\n)\n");
        sb.append("select ").append(src).append(", '").append(INSERT).append("' as ").append(q(CHANGE))
                .append(", cast(null as ").append(d.typeString()).append(") as ").append(q(scdId))
                .append(", ").append(start).append(" as ").append(q(updatedAt)).append(", ").append(start).append(" as ")
                .append(q(validTo)).append("\nfrom kiln_source as ").append(SRC)
                .append("\nwhere not exists (select 1 from kiln_current as ").append(CUR).append(" where ").append(keys).append(")");
        String closeAt = cfg.strategy() == SnapshotConfig.Strategy.CHECK ? now
                : isDeleted == null ? start : "case when " + isDeleted + " then " + now + " else " + start + " end";
        String changed = changed(sourceColumns, snapshotColumns);
        sb.append("\nunion all\nselect ").append(src).append(", '").append(UPDATE).append("', ").append(CUR).append('.')
                .append(q(scdId)).append(", ").append(start).append(", ").append(closeAt)
                .append("\nfrom kiln_source as ").append(SRC).append("\njoin kiln_current as ").append(CUR).append(" on ")
                .append(keys).append("\nwhere ").append(isDeleted == null ? changed : "(" + changed + ") or " + isDeleted);
        if (cfg.hardDeletes() != SnapshotConfig.HardDeletes.IGNORE) {
            StringJoiner last = new StringJoiner(", ");
            sourceColumns.forEach(c -> {
                String existing = snapshotColumns.get(SchemaChange.key(c));
                last.add(existing == null ? "null" : CUR + "." + q(existing));
            });
            sb.append("\nunion all\nselect ").append(last).append(", '").append(DELETE).append("', ").append(CUR).append('.')
                    .append(q(scdId)).append(", ").append(now).append(", ").append(now)
                    .append("\nfrom kiln_current as ").append(CUR)
                    .append("\nwhere not exists (select 1 from kiln_source as ").append(SRC).append(" where ").append(keys).append(")");
            if (isDeleted != null) {
                sb.append(" and not ").append(isDeleted);
            }
        }
        return sb.toString();
    }

    /** The condition on staged changes that leaves out deletions. */
    public String notDeleted() {
        return q(CHANGE) + " <> '" + DELETE + "'";
    }

    /** Unique keys that appear on more than one row of {@code relation} (matching {@code where}, if given). */
    public String duplicateKeys(Relation relation, String where) {
        String keys = columns(null, cfg.uniqueKey());
        return "select " + keys + ", count(*) as kiln_rows from " + d.render(relation)
                + (where == null ? "" : " where " + where) + " group by " + keys + " having count(*) > 1";
    }

    /** The number of staged changes of each kind. */
    public String countChanges(Relation changes) {
        return "select " + q(CHANGE) + ", count(*) from " + d.render(changes) + " group by " + q(CHANGE);
    }

    /** Adds {@code kiln_is_deleted} to a table created without it, false on every row. */
    public List<String> addDeletedFlag() {
        return List.of(d.addColumn(target, isDeletedColumn, d.typeBoolean()),
                "update " + d.render(target) + " set " + q(isDeletedColumn) + " = false");
    }

    /** Closes the current versions named in the staged changes. */
    public String closeVersions(Relation changes) {
        return d.merge(new MergeSpec(target, changes, List.of(scdId), List.of(validTo), List.of(),
                List.of(MergeSpec.TARGET_ALIAS + "." + q(validTo) + " is null")));
    }

    /** Inserts the new versions (and, with {@code new_record}, the deletion records) of the staged changes. */
    public String insertVersions(Relation changes, List<String> sourceColumns, boolean withDeletedFlag) {
        List<String> cols = new ArrayList<>(sourceColumns);
        cols.addAll(List.of(scdId, updatedAt, validFrom, validTo));
        if (withDeletedFlag) {
            cols.add(isDeletedColumn);
        }
        boolean newRecord = cfg.hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD;
        return "insert into " + d.render(target) + " (" + columns(null, cols) + ")\nselect " + columns(null, sourceColumns)
                + ", " + scdId("", q(validTo)) + ", " + q(updatedAt) + ", " + q(validTo) + ", " + nullTimestamp()
                + (withDeletedFlag ? ", " + q(CHANGE) + " = '" + DELETE + "'" : "")
                + "\nfrom " + d.render(changes) + "\nwhere " + q(CHANGE) + " in ('" + INSERT + "', '" + UPDATE + "'"
                + (newRecord ? ", '" + DELETE + "'" : "") + ")";
    }

    /**
     * Closes the current versions named in the staged changes and inserts the new versions (and, with
     * {@code new_record}, the deletion records) in ONE {@code MERGE}: one commit on a warehouse without
     * transactions (Iceberg on Trino or Athena), so that readers never see a version closed without its
     * successor, and a failure leaves the snapshot as it was. The staged rows to close are matched by
     * {@code kiln_scd_id}; the new versions match nothing and are inserted.
     */
    public String mergeVersions(Relation changes, List<String> sourceColumns, boolean withDeletedFlag) {
        boolean newRecord = cfg.hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD;
        String cols = columns(null, sourceColumns);
        String from = " from " + d.render(changes) + " where " + q(CHANGE) + " in (";
        String source = "select " + cols + ", " + q(scdId) + " as kiln_match_id, " + q(updatedAt) + " as kiln_updated, "
                + q(validTo) + " as kiln_at, " + q(CHANGE) + " as kiln_what" + from + "'" + UPDATE + "', '" + DELETE + "')"
                + "\n  union all\n  select " + cols + ", cast(null as " + d.typeString() + "), " + q(updatedAt) + ", "
                + q(validTo) + ", " + q(CHANGE) + from + "'" + INSERT + "', '" + UPDATE + "'"
                + (newRecord ? ", '" + DELETE + "'" : "") + ")";
        List<String> insert = new ArrayList<>(sourceColumns);
        insert.addAll(List.of(scdId, updatedAt, validFrom, validTo));
        if (withDeletedFlag) {
            insert.add(isDeletedColumn);
        }
        String src = MergeSpec.SOURCE_ALIAS;
        String dest = MergeSpec.TARGET_ALIAS;
        return "merge into " + d.render(target) + " as " + dest + "\nusing (\n  " + source + "\n) as " + src
                + "\non (" + dest + "." + q(scdId) + " = " + src + ".kiln_match_id)"
                + "\nwhen matched and " + dest + "." + q(validTo) + " is null then update set " + q(validTo) + " = "
                + src + ".kiln_at"
                + "\nwhen not matched and " + src + ".kiln_match_id is null then insert (" + columns(null, insert)
                + ")\nvalues (" + columns(src, sourceColumns) + ", " + scdId(src + ".", src + ".kiln_at") + ", " + src
                + ".kiln_updated, " + src + ".kiln_at, " + nullTimestamp()
                + (withDeletedFlag ? ", " + src + ".kiln_what = '" + DELETE + "'" : "") + ")";
    }

    /** When a source row's version starts: its {@code updated_at} (timestamp), or the snapshot time (check). */
    protected String start(String alias) {
        return cfg.strategy() == SnapshotConfig.Strategy.TIMESTAMP
                ? "cast(" + alias + "." + q(cfg.updatedAt()) + " as " + d.typeTimestamp() + ")" : now;
    }

    /** Whether a source row differs from its current version. */
    protected String changed(List<String> sourceColumns, Map<String, String> snapshotColumns) {
        if (cfg.strategy() == SnapshotConfig.Strategy.TIMESTAMP) {
            return start(SRC) + " > " + CUR + "." + q(updatedAt);
        }
        List<String> compared = cfg.checkAll() ? sourceColumns : cfg.checkCols();
        StringJoiner any = new StringJoiner(" or ");
        for (String c : compared) {
            String existing = snapshotColumns.get(SchemaChange.key(c));
            // a column the snapshot does not have yet was null in the current version
            any.add(existing == null ? SRC + "." + q(c) + " is not null"
                    : d.isDistinctFrom(SRC + "." + q(c), CUR + "." + q(existing)));
        }
        return any.length() == 0 ? "1 = 0" : any.toString();
    }

    /** The version id: a hash of the unique key and the version's start. */
    protected String scdId(String prefix, String start) {
        List<String> parts = new ArrayList<>();
        for (String k : cfg.uniqueKey()) {
            parts.add("coalesce(cast(" + prefix + q(k) + " as " + d.typeString() + "), '')");
            parts.add("'|'");
        }
        parts.add("cast(" + start + " as " + d.typeString() + ")");
        return d.hash(d.concat(parts));
    }

    private String keysMatch() {
        StringJoiner j = new StringJoiner(" and ");
        cfg.uniqueKey().forEach(k -> j.add(SRC + "." + q(k) + " = " + CUR + "." + q(k)));
        return j.toString();
    }

    private String nullTimestamp() {
        return "cast(null as " + d.typeTimestamp() + ")";
    }

    private String columns(String alias, List<String> names) {
        StringJoiner j = new StringJoiner(", ");
        names.forEach(n -> j.add((alias == null ? "" : alias + ".") + q(n)));
        return j.toString();
    }

    private String q(String identifier) {
        return d.quoteIdentifier(identifier);
    }
}
