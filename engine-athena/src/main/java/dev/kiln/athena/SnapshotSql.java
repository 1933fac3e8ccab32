package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.SnapshotConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * The statements of an Athena snapshot run (SCD type 2 on an Iceberg table). Changes are
 * staged first, one row per new key ({@code insert}), changed row ({@code update}) or deleted
 * key ({@code delete}); one {@code MERGE} then closes the current versions of changed and
 * deleted keys and inserts the new versions, in a single Iceberg commit.
 */
final class SnapshotSql {

    static final String CHANGE = "kiln_change";
    static final String CLOSE_ID = "kiln_close_id";
    static final String START = "kiln_start";
    static final String TIMESTAMP = "timestamp(6)";

    private final AthenaDialect d;
    private final AthenaSql sql;
    private final SnapshotConfig spec;
    private final Relation target;
    private final String now;
    // the columns the snapshot adds, as snapshot_meta_column_names names them
    private final String scdId;
    private final String updatedAt;
    private final String validFrom;
    private final String validTo;

    /** @param now the snapshot time, as an SQL expression */
    SnapshotSql(AthenaDialect dialect, SnapshotConfig spec, Relation target, String now) {
        this.d = dialect;
        this.sql = new AthenaSql(dialect);
        this.spec = spec;
        this.target = target;
        this.now = now;
        this.scdId = spec.meta().scdId();
        this.updatedAt = spec.meta().updatedAt();
        this.validFrom = spec.meta().validFrom();
        this.validTo = spec.meta().validTo();
    }

    /** The query of the first run: every source row as a current version. */
    String create(String sourceSql) {
        String start = start("kiln_s");
        return "select kiln_s.*, " + scdId("kiln_s", start) + " as " + q(scdId) + ", " + start + " as " + q(updatedAt)
                + ", " + start + " as " + q(validFrom) + ", cast(null as " + TIMESTAMP + ") as " + q(validTo)
                + "\nfrom (\n" + sourceSql + "\n) as kiln_s";
    }

    /**
     * The staged changes.
     *
     * @param sourceColumns   the source query's columns
     * @param snapshotColumns the snapshot table's columns
     */
    String changes(String sourceSql, List<String> sourceColumns, List<String> snapshotColumns) {
        Set<String> have = snapshotColumns.stream().map(String::toLowerCase).collect(Collectors.toSet());
        String keys = keysMatch("kiln_src", "kiln_cur");
        String start = start("kiln_src");
        StringBuilder sb = new StringBuilder("with kiln_source as (\nselect * from (\n").append(sourceSql)
                .append("\n) as kiln_s\n),\nkiln_current as (\nselect * from ").append(d.render(target))
                .append(" where ").append(q(validTo)).append(" is null\n)\n")
                .append("select ").append(sql.columns(sourceColumns, "kiln_src")).append(", 'insert' as ").append(q(CHANGE))
                .append(", cast(null as varchar) as ").append(q(CLOSE_ID)).append(", ").append(start).append(" as ").append(q(START))
                .append("\nfrom kiln_source as kiln_src\nwhere not exists (select 1 from kiln_current as kiln_cur where ")
                .append(keys).append(")")
                .append("\nunion all\nselect ").append(sql.columns(sourceColumns, "kiln_src")).append(", 'update', kiln_cur.")
                .append(q(scdId)).append(", ").append(start)
                .append("\nfrom kiln_source as kiln_src\njoin kiln_current as kiln_cur on ").append(keys)
                .append("\nwhere ").append(changed(sourceColumns, have));
        if (spec.hardDeletes() == SnapshotConfig.HardDeletes.INVALIDATE) {
            StringJoiner last = new StringJoiner(", ");
            sourceColumns.forEach(c -> last.add(have.contains(c.toLowerCase()) ? "kiln_cur." + q(c) : "null"));
            sb.append("\nunion all\nselect ").append(last).append(", 'delete', kiln_cur.").append(q(scdId)).append(", ")
                    .append(now).append("\nfrom kiln_current as kiln_cur\nwhere not exists (select 1 from kiln_source as kiln_src where ")
                    .append(keys).append(")");
        }
        return sb.toString();
    }

    /** Keys that more than one new version would be written for. */
    String duplicateKeys(Relation stage) {
        String keys = sql.columns(spec.uniqueKey(), null);
        return "select " + keys + ", count(*) as kiln_rows from " + d.render(stage) + " where " + q(CHANGE)
                + " <> 'delete' group by " + keys + " having count(*) > 1";
    }

    /** How many changes of each kind were staged. */
    String countChanges(Relation stage) {
        return "select " + q(CHANGE) + ", count(*) as n from " + d.render(stage) + " group by " + q(CHANGE);
    }

    /** One MERGE: close the current versions of changed and deleted keys, insert the new versions. */
    String apply(Relation stage, List<String> sourceColumns) {
        String cols = sql.columns(sourceColumns, null);
        String source = "select " + cols + ", " + q(CLOSE_ID) + " as kiln_match_id, " + q(START) + " as kiln_at from "
                + d.render(stage) + " where " + q(CHANGE) + " in ('update', 'delete')\n  union all\n  select " + cols
                + ", cast(null as varchar), " + q(START) + " from " + d.render(stage) + " where " + q(CHANGE)
                + " in ('insert', 'update')";
        List<String> insertCols = new ArrayList<>(sourceColumns);
        insertCols.addAll(List.of(scdId, updatedAt, validFrom, validTo));
        return "merge into " + d.render(target) + " as " + AthenaSql.DEST + "\nusing (\n  " + source + "\n) as "
                + AthenaSql.SRC + "\non (" + AthenaSql.DEST + "." + q(scdId) + " = " + AthenaSql.SRC + ".kiln_match_id)"
                + "\nwhen matched and " + AthenaSql.DEST + "." + q(validTo) + " is null then update set " + q(validTo)
                + " = " + AthenaSql.SRC + ".kiln_at"
                + "\nwhen not matched and " + AthenaSql.SRC + ".kiln_match_id is null then insert (" + sql.columns(insertCols, null) + ")\nvalues ("
                + sql.columns(sourceColumns, AthenaSql.SRC) + ", " + scdId(AthenaSql.SRC, AthenaSql.SRC + ".kiln_at") + ", "
                + AthenaSql.SRC + ".kiln_at, " + AthenaSql.SRC + ".kiln_at, cast(null as " + TIMESTAMP + "))";
    }

    private String start(String alias) {
        return spec.strategy() == SnapshotConfig.Strategy.TIMESTAMP ? "cast(" + alias + "." + q(spec.updatedAt()) + " as " + TIMESTAMP + ")" : now;
    }

    private String changed(List<String> sourceColumns, Set<String> have) {
        if (spec.strategy() == SnapshotConfig.Strategy.TIMESTAMP) {
            return start("kiln_src") + " > kiln_cur." + q(updatedAt);
        }
        List<String> cols = spec.checkCols().isEmpty() ? sourceColumns : spec.checkCols();
        StringJoiner or = new StringJoiner(" or ");
        for (String c : cols) {
            String current = have.contains(c.toLowerCase()) ? "kiln_cur." + q(c) : "null";
            or.add("kiln_src." + q(c) + " is distinct from " + current);
        }
        return "(" + or + ")";
    }

    private String keysMatch(String left, String right) {
        StringJoiner and = new StringJoiner(" and ");
        spec.uniqueKey().forEach(k -> and.add(left + "." + q(k) + " = " + right + "." + q(k)));
        return and.toString();
    }

    private String scdId(String alias, String start) {
        List<String> parts = new ArrayList<>();
        for (String k : spec.uniqueKey()) {
            parts.add("coalesce(cast(" + alias + "." + q(k) + " as varchar), '')");
            parts.add("'|'");
        }
        parts.add("cast(" + start + " as varchar)");
        return d.hash(d.concat(parts));
    }

    private String q(String identifier) {
        return d.quoteIdentifier(identifier);
    }
}
