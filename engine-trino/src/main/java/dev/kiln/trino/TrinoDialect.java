package dev.kiln.trino;

import dev.kiln.Relation;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.MergeSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Trino's SQL. Relations are rendered with their catalog ({@code "iceberg"."staging"."stg_users"}),
 * the target's {@code database:} when they name none, so that a query never depends on the
 * session's default catalog. Timestamps are {@code timestamp(6)}, the precision Iceberg stores.
 * DDL is not transactional: tables are replaced with {@code CREATE OR REPLACE TABLE} (see
 * {@link TrinoMaterializer}). {@code DELETE} takes no alias in Trino, so {@code delete+insert}
 * and {@code insert_overwrite} delete with a {@code MERGE … WHEN MATCHED THEN DELETE}.
 */
public final class TrinoDialect extends Dialect {

    private final String catalog;
    private final String schema;

    /**
     * @param catalog the target's catalog
     * @param schema  the target's default schema
     */
    public TrinoDialect(String catalog, String schema) {
        this.catalog = catalog;
        this.schema = schema;
    }

    /** The target's catalog. */
    public String catalog() {
        return catalog;
    }

    @Override
    public String name() {
        return "trino";
    }

    @Override
    public String defaultSchema() {
        return schema;
    }

    @Override
    public String defaultDatabase() {
        return catalog;
    }

    @Override
    public String render(Relation relation) {
        return relation.database() != null ? super.render(relation)
                : super.render(new Relation(catalog, relation.schema(), relation.identifier()));
    }

    @Override
    public String createSchema(String schema) {
        return "create schema if not exists " + quoteIdentifier(catalog) + "." + quoteIdentifier(schema);
    }

    /** Trino resolves an unqualified new name against the session's schema: the new name is written out in full. */
    @Override
    public String renameRelation(Relation from, String newIdentifier) {
        return "alter table " + render(from) + " rename to "
                + render(new Relation(from.database(), from.schema(), newIdentifier));
    }

    @Override
    public String dateadd(String datepart, String amount, String expr) {
        return "date_add('" + datepart + "', " + amount + ", " + expr + ")";
    }

    /**
     * Counts the {@code datepart} boundaries crossed, as dbt's {@code datediff} and DuckDB do
     * (23:00 to 01:00 the next day is 1 day): Trino's own {@code date_diff} counts whole elapsed
     * units (0 days there), so both ends are truncated to the unit first.
     */
    @Override
    public String datediff(String datepart, String start, String end) {
        String unit = quoteString(datepart);
        return "date_diff(" + unit + ", date_trunc(" + unit + ", " + start + "), date_trunc(" + unit + ", " + end + "))";
    }

    @Override
    public String safeCast(String expr, String type) {
        return "try_cast(" + expr + " as " + type + ")";
    }

    @Override
    public String concat(List<String> exprs) {
        return "concat(" + String.join(", ", exprs) + ")";
    }

    /** Lower-case hex of MD5, as on the other adapters. */
    @Override
    public String hash(String expr) {
        return "lower(to_hex(md5(to_utf8(cast(" + expr + " as varchar)))))";
    }

    /** The session's time without a zone, at the microsecond precision Iceberg stores. */
    @Override
    public String currentTimestamp() {
        return "cast(current_timestamp as timestamp(6))";
    }

    /** Iceberg stores timestamps with microseconds only. */
    @Override
    public String typeTimestamp() {
        return "timestamp(6)";
    }

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
    private String mergeDelete(Relation target, Relation source, List<String> keys, List<String> predicates, boolean nullSafe) {
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
