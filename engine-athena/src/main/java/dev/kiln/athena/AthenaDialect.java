package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.RelationKind;
import dev.kiln.trinosql.TrinoSqlDialect;

/**
 * Athena's SQL (Trino, engine v3). Relations are rendered {@code "schema"."table"}: queries
 * run with the target's catalog as their default, so the catalog is written out only for a
 * relation in another catalog ({@code "other_catalog"."schema"."table"}). Sources are Glue
 * tables over S3 and render as their relation. DDL that Athena hands to Hive (dropping tables,
 * creating databases and external tables) quotes with backticks; everything else with double
 * quotes. DDL is not transactional. What Athena shares with Trino (functions, {@code timestamp(6)},
 * {@code delete+insert} and {@code insert_overwrite} on Iceberg as a {@code MERGE … WHEN MATCHED
 * THEN DELETE}) is {@link TrinoSqlDialect}'s.
 */
public final class AthenaDialect extends TrinoSqlDialect {

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

    /** Hive DDL: {@code alter table `s`.`t` add columns (`c` type)}, the type in Hive's spelling. */
    @Override
    public String addColumn(Relation relation, String column, String type) {
        return "alter table " + renderDdl(relation) + " add columns (" + quoteDdl(column) + " " + AthenaSql.hiveType(type) + ")";
    }

    /** {@code alter table `s`.`t` drop column `c`}: Iceberg tables only (Athena cannot drop a Hive table's column). */
    @Override
    public String dropColumn(Relation relation, String column) {
        return "alter table " + renderDdl(relation) + " drop column " + quoteDdl(column);
    }

    /** {@code alter table `s`.`t` change column `c` `c` type}: Iceberg tables (widening changes only). */
    @Override
    public String alterColumnType(Relation relation, String column, String type) {
        return "alter table " + renderDdl(relation) + " change column " + quoteDdl(column) + " " + quoteDdl(column) + " "
                + AthenaSql.hiveType(type);
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return false;
    }

}
