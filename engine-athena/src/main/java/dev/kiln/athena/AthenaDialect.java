package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.RelationKind;

import java.util.List;

/**
 * Athena's SQL (Trino, engine v3). Relations are rendered {@code "schema"."table"}: queries
 * run with the target's catalog as their default, so the catalog is written out only for a
 * relation in another catalog ({@code "other_catalog"."schema"."table"}). Sources are Glue
 * tables over S3 and render as their relation. DDL that Athena hands to Hive (dropping tables,
 * creating databases and external tables) quotes with backticks; everything else with double
 * quotes. DDL is not transactional.
 */
public final class AthenaDialect extends Dialect {

    private final String catalog;

    /** @param catalog the target's data catalog ({@code AwsDataCatalog}) */
    public AthenaDialect(String catalog) {
        this.catalog = catalog;
    }

    /** The target's data catalog. */
    public String catalog() {
        return catalog;
    }

    @Override
    public String name() {
        return "athena";
    }

    @Override
    public String defaultSchema() {
        return "default";
    }

    @Override
    public String render(Relation relation) {
        if (relation.database() != null && !relation.database().equalsIgnoreCase(catalog)) {
            return super.render(relation);
        }
        return super.render(new Relation(null, relation.schema(), relation.identifier()));
    }

    /** Quotes an identifier for Hive DDL, with backticks. */
    public String quoteDdl(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** Renders a relation for Hive DDL: {@code `schema`.`table`}. */
    public String renderDdl(Relation relation) {
        return (relation.schema() == null ? "" : quoteDdl(relation.schema()) + ".") + quoteDdl(relation.identifier());
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
    public String dateTrunc(String datepart, String expr) {
        return "date_trunc('" + datepart + "', " + expr + ")";
    }

    @Override
    public String safeCast(String expr, String type) {
        return "try_cast(" + expr + " as " + type + ")";
    }

    @Override
    public String concat(List<String> exprs) {
        return "concat(" + String.join(", ", exprs) + ")";
    }

    /** Lower-case hex, as on the other adapters ({@code to_hex} alone writes upper case). */
    @Override
    public String hash(String expr) {
        return "lower(to_hex(md5(to_utf8(cast(" + expr + " as varchar)))))";
    }

    /**
     * Microsecond precision without a time zone: Athena cannot store {@code timestamp with time
     * zone} in tables, and Iceberg tables need precision 6.
     */
    @Override
    public String currentTimestamp() {
        return "cast(current_timestamp as timestamp(6))";
    }

    /** {@code create table R with (format = 'PARQUET') as SQL}; the data goes to the work group's default location. */
    @Override
    public String createTableAs(Relation relation, String sql) {
        return "create table " + render(relation) + "\nwith (format = 'PARQUET')\nas\n" + sql;
    }

    @Override
    public String dropRelation(Relation relation, RelationKind kind) {
        return kind == RelationKind.VIEW ? "drop view " + render(relation) : "drop table " + renderDdl(relation);
    }

    @Override
    public String dropRelationIfExists(Relation relation, RelationKind kind) {
        return kind == RelationKind.VIEW ? "drop view if exists " + render(relation)
                : "drop table if exists " + renderDdl(relation);
    }

    /** Renames an Iceberg table (Athena cannot rename Hive tables; the materializer swaps them in Glue). */
    @Override
    public String renameRelation(Relation from, String newIdentifier) {
        return "alter table " + renderDdl(from) + " rename to " + quoteDdl(newIdentifier);
    }

    @Override
    public String createSchema(String schema) {
        return "create schema if not exists " + quoteDdl(schema);
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return false;
    }

    @Override
    public String limit(String sql, int n) {
        return "select * from (\n" + sql + "\n) limit " + n;
    }
}
