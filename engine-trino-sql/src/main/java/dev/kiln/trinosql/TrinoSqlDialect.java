package dev.kiln.trinosql;

import dev.kiln.Relation;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.MergeSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Trino's SQL, as the Trino adapter and the Athena adapter (Athena's engine v3 is Trino) both
 * speak it: Trino's date functions, {@code try_cast}, {@code concat}, a lower-case hex MD5,
 * timestamps at the microsecond precision Iceberg stores ({@code timestamp(6)}), and
 * {@code delete+insert} / {@code insert_overwrite} written as a {@code MERGE … WHEN MATCHED THEN
 * DELETE} followed by an insert (Trino's {@code DELETE} takes no alias to correlate with). How
 * relations are rendered, and the DDL, stay with each adapter's subclass.
 */
public class TrinoSqlDialect extends Dialect {

    @Override
    public String name() {
        return "trino";
    }

    @Override
    public String dateadd(String datepart, String amount, String expr) {
        return "date_add('" + datepart + "', " + amount + ", " + expr + ")";
    }

    @Override
    public String datediff(String datepart, String start, String end) {
        return "date_diff('" + datepart + "', " + start + ", " + end + ")";
    }

    @Override
    public String safeCast(String expr, String type) {
        return "try_cast(" + expr + " as " + type + ")";
    }

    @Override
    public String concat(List<String> exprs) {
        return "concat(" + String.join(", ", exprs) + ")";
    }

    /** Lower-case hex of MD5, as on the other adapters ({@code to_hex} alone writes upper case). */
    @Override
    public String hash(String expr) {
        return "lower(to_hex(md5(to_utf8(cast(" + expr + " as varchar)))))";
    }

    /** The session's time without a zone, at the microsecond precision Iceberg stores. */
    @Override
    public String currentTimestamp() {
        return "cast(current_timestamp as timestamp(6))";
    }

    /** Iceberg stores timestamps with microseconds only (and Athena cannot store {@code timestamp with time zone}). */
    @Override
    public String typeTimestamp() {
        return "timestamp(6)";
    }

    /** {@code select * from (SQL) limit n}: Trino needs no alias on the subquery. */
    @Override
    public String limit(String sql, int n) {
        return "select * from (\n" + sql + "\n) limit " + n;
    }

    /** Deletes the matched keys with {@code MERGE} (Trino's {@code DELETE} has no alias to correlate with), then inserts. */
    @Override
    public List<String> deleteInsert(MergeSpec spec) {
        return List.of(mergeDelete(spec.target(), spec.source(), spec.keys(), spec.predicates(), false),
                insertInto(spec.target(), spec.source(), spec.insertColumns()));
    }

    /** Deletes every partition present in the source with {@code MERGE} (null is a partition too), then inserts. */
    @Override
    public List<String> insertOverwrite(Relation target, Relation source, List<String> partitionBy, List<String> columns) {
        return List.of(mergeDelete(target, source, partitionBy, List.of(), true), insertInto(target, source, columns));
    }

    /**
     * {@code merge into T as kiln_dest using (select distinct KEYS from S) as kiln_src on KEYS when matched then delete}:
     * distinct keys, so that a target row matches one source row at most.
     */
    protected String mergeDelete(Relation target, Relation source, List<String> keys, List<String> predicates,
                                 boolean nullSafe) {
        List<String> on = new ArrayList<>();
        for (String k : keys) {
            String src = MergeSpec.SOURCE_ALIAS + "." + quoteIdentifier(k);
            String dest = MergeSpec.TARGET_ALIAS + "." + quoteIdentifier(k);
            on.add(nullSafe ? isNotDistinctFrom(src, dest) : src + " = " + dest);
        }
        predicates.forEach(p -> on.add("(" + p + ")"));
        return "merge into " + render(target) + " as " + MergeSpec.TARGET_ALIAS
                + "\nusing (select distinct " + columnList(keys, null) + " from " + render(source) + ") as "
                + MergeSpec.SOURCE_ALIAS + "\non (" + String.join(" and ", on) + ")\nwhen matched then delete";
    }
}
