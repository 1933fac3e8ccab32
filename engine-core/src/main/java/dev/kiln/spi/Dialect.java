package dev.kiln.spi;

import dev.kiln.Relation;
import dev.kiln.SourceTable;

import java.nio.file.Path;

/**
 * How a warehouse spells SQL. Vendor differences live behind these methods (in the manner
 * of Calcite's {@code SqlDialect}); the core never asks which vendor it is talking to.
 * The base class speaks ANSI SQL; adapters subclass it and override what differs.
 *
 * <p>The {@code dateadd}, {@code datediff}, {@code date_trunc}, {@code safe_cast},
 * {@code concat} and {@code hash} template helpers call the methods of the same name,
 * passing SQL expressions as text.
 */
public class Dialect {

    /** The ANSI dialect, used when no adapter is on the class path. */
    public static final Dialect ANSI = new Dialect();

    /** A short name of the dialect, for messages ({@code ansi}, {@code duckdb}, {@code athena}). */
    public String name() {
        return "ansi";
    }

    /** The schema a model lands in when neither its config nor the target names one. */
    public String defaultSchema() {
        return "main";
    }

    /** Quotes an identifier, doubling embedded quotes. */
    public String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal. */
    public String quoteString(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Renders a relation as it appears in a FROM clause. */
    public String render(Relation relation) {
        StringBuilder sb = new StringBuilder();
        if (relation.database() != null) {
            sb.append(quoteIdentifier(relation.database())).append('.');
        }
        if (relation.schema() != null) {
            sb.append(quoteIdentifier(relation.schema())).append('.');
        }
        return sb.append(quoteIdentifier(relation.identifier())).toString();
    }

    /**
     * Renders a declared source. The base class renders its relation; a dialect that can read
     * files directly (DuckDB) renders {@code external_location} as a file scan instead.
     *
     * @param source      the source table
     * @param projectRoot the project directory, against which relative locations resolve
     */
    public String renderSource(SourceTable source, Path projectRoot) {
        return render(source.relation());
    }

    /** {@code expr} plus {@code amount} units of {@code datepart} ({@code day}, {@code month}, …). */
    public String dateadd(String datepart, String amount, String expr) {
        return "(" + expr + " + interval '" + amount + "' " + datepart + ")";
    }

    /** The number of {@code datepart} boundaries between two dates or timestamps. */
    public String datediff(String datepart, String start, String end) {
        return "datediff('" + datepart + "', " + start + ", " + end + ")";
    }

    /** {@code expr} truncated to the {@code datepart}. */
    public String dateTrunc(String datepart, String expr) {
        return "date_trunc('" + datepart + "', " + expr + ")";
    }

    /** A cast that yields null instead of failing. */
    public String safeCast(String expr, String type) {
        return "cast(" + expr + " as " + type + ")";
    }

    /** String concatenation of the expressions. */
    public String concat(java.util.List<String> exprs) {
        return "(" + String.join(" || ", exprs) + ")";
    }

    /** A hex MD5 hash of the expression cast to text. */
    public String hash(String expr) {
        return "md5(cast(" + expr + " as varchar))";
    }

    /** The current timestamp. */
    public String currentTimestamp() {
        return "current_timestamp";
    }

    /** {@code create or replace view R as SQL}. */
    public String createView(Relation relation, String sql) {
        return "create or replace view " + render(relation) + " as\n" + sql;
    }

    /** {@code create table R as SQL}. */
    public String createTableAs(Relation relation, String sql) {
        return "create table " + render(relation) + " as\n" + sql;
    }

    /** {@code drop table|view R}. */
    public String dropRelation(Relation relation, RelationKind kind) {
        return "drop " + (kind == RelationKind.VIEW ? "view " : "table ") + render(relation);
    }

    /** {@code drop table|view if exists R}. */
    public String dropRelationIfExists(Relation relation, RelationKind kind) {
        return "drop " + (kind == RelationKind.VIEW ? "view" : "table") + " if exists " + render(relation);
    }

    /** Renames a table within its schema. */
    public String renameRelation(Relation from, String newIdentifier) {
        return "alter table " + render(from) + " rename to " + quoteIdentifier(newIdentifier);
    }

    /** {@code create schema if not exists S}. */
    public String createSchema(String schema) {
        return "create schema if not exists " + quoteIdentifier(schema);
    }

    /** Whether DDL can be rolled back (then table swaps run in one transaction). */
    public boolean supportsTransactionalDdl() {
        return false;
    }

    /** Limits a query to {@code n} rows (for {@code kiln show}). */
    public String limit(String sql, int n) {
        return "select * from (\n" + sql + "\n) as kiln_limit limit " + n;
    }

    /** The SQL type name for text. */
    public String typeString() {
        return "varchar";
    }
}
