package dev.kiln.trino;

import dev.kiln.Relation;
import dev.kiln.trinosql.TrinoSqlDialect;

/**
 * Trino's SQL. Relations are rendered with their catalog ({@code "iceberg"."staging"."stg_users"}),
 * the target's {@code database:} when they name none, so that a query never depends on the
 * session's default catalog. Timestamps are {@code timestamp(6)}, the precision Iceberg stores.
 * DDL is not transactional: tables are replaced with {@code CREATE OR REPLACE TABLE} (see
 * {@link TrinoMaterializer}). The SQL Trino shares with Athena (functions, {@code timestamp(6)},
 * {@code delete+insert} and {@code insert_overwrite} as a {@code MERGE … WHEN MATCHED THEN DELETE})
 * is {@link TrinoSqlDialect}'s.
 */
public final class TrinoDialect extends TrinoSqlDialect {

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
}
