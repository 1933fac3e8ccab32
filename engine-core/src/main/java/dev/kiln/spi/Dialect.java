package dev.kiln.spi;

import dev.kiln.Relation;
import dev.kiln.SourceTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

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

    /**
     * The database (catalog) that holds a relation naming none, as {@code manifest.json} records
     * it in {@code database} and {@code relation_name}, so that another target reading the
     * manifest ({@code --defer}) finds the relation; {@code null} (the base class) to record none.
     */
    public String defaultDatabase() {
        return null;
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
    public String concat(List<String> exprs) {
        return "(" + String.join(" || ", exprs) + ")";
    }

    /**
     * Whether the row-level checks of one relation should run together in one scan. Warehouses
     * that charge per query or per scan always gain (the default); a columnar engine that answers
     * simple filters on a stored table from column statistics may be faster with one query per
     * check, and gains only when each query would recompute the relation.
     *
     * @param stored whether the relation is stored (a table, seed or snapshot), rather than a view
     *               or files read at query time
     */
    public boolean batchesChecks(boolean stored) {
        return true;
    }

    /** True when {@code expr} matches the regular expression {@code pattern} (a SQL string literal). */
    public String regexpLike(String expr, String pattern) {
        return "regexp_like(" + expr + ", " + pattern + ")";
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

    /**
     * What a {@code ref()} or {@code source()} reads under {@code --empty}: the relation with no
     * rows, so that a model's SQL and columns are checked without reading data. The default is
     * dbt's {@code (select * from RELATION where false limit 0)}; a subquery a model may alias.
     *
     * @param relation the rendered relation (or CTE name)
     * @return a subquery with the relation's columns and no rows
     */
    public String emptyRelation(String relation) {
        return "(select * from " + relation + " where false limit 0)";
    }

    /** Limits a query to {@code n} rows (for {@code kiln show}). */
    public String limit(String sql, int n) {
        return "select * from (\n" + sql + "\n) as kiln_limit limit " + n;
    }

    /**
     * The statement that writes the rows of {@code sql} to the Parquet file {@code file} on the
     * machine Kiln runs on ({@code report: {format: parquet}}), or empty when the target cannot
     * (the default).
     */
    public java.util.Optional<String> exportParquet(String sql, java.nio.file.Path file) {
        return java.util.Optional.empty();
    }

    /** The SQL type name for text. */
    public String typeString() {
        return "varchar";
    }

    /** The SQL type name for timestamps without time zone (snapshot validity columns). */
    public String typeTimestamp() {
        return "timestamp";
    }

    /** The SQL type name for booleans. */
    public String typeBoolean() {
        return "boolean";
    }

    /** A timestamp literal from text such as {@code 2026-11-01 12:00:00.123456}. */
    public String timestampLiteral(String text) {
        return "cast(" + quoteString(text) + " as " + typeTimestamp() + ")";
    }

    /** A null-safe inequality: true when exactly one side is null, or both differ. */
    public String isDistinctFrom(String left, String right) {
        return left + " is distinct from " + right;
    }

    /** A null-safe equality: true when both sides are null, or both are equal. */
    public String isNotDistinctFrom(String left, String right) {
        return left + " is not distinct from " + right;
    }

    /** {@code insert into TARGET (cols) select cols from SOURCE}. */
    public String insertInto(Relation target, Relation source, List<String> columns) {
        String cols = columnList(columns, null);
        return "insert into " + render(target) + " (" + cols + ")\nselect " + cols + "\nfrom " + render(source);
    }

    /**
     * A {@code MERGE} statement (SQL:2003): rows of the source that match a target row on the
     * keys (and every predicate) update it, the others are inserted. The target is aliased
     * {@code kiln_dest}, the source {@code kiln_src}; predicates may use both aliases. A clause
     * whose column list is empty is left out. A {@link MergeSpec#sourceFilter() source filter}
     * reads the source through {@code (select * from SOURCE where FILTER)}.
     */
    public String merge(MergeSpec spec) {
        String using = spec.sourceFilter() == null ? render(spec.source())
                : "(select * from " + render(spec.source()) + " where " + spec.sourceFilter() + ")";
        StringBuilder sb = new StringBuilder("merge into ").append(render(spec.target())).append(" as ")
                .append(MergeSpec.TARGET_ALIAS).append("\nusing ").append(using).append(" as ")
                .append(MergeSpec.SOURCE_ALIAS).append("\non (").append(matchKeys(spec, false)).append(")");
        if (!spec.updateColumns().isEmpty()) {
            StringJoiner set = new StringJoiner(", ");
            spec.updateColumns().forEach(c -> set.add(quoteIdentifier(c) + " = " + MergeSpec.SOURCE_ALIAS + "." + quoteIdentifier(c)));
            sb.append("\nwhen matched then update set ").append(set);
        }
        if (!spec.insertColumns().isEmpty()) {
            sb.append("\nwhen not matched then insert (").append(columnList(spec.insertColumns(), null))
                    .append(")\nvalues (").append(columnList(spec.insertColumns(), MergeSpec.SOURCE_ALIAS)).append(")");
        }
        return sb.toString();
    }

    /**
     * The {@code delete+insert} strategy: deletes the target rows whose keys appear in the
     * source (and that match every predicate), then inserts every source row. Reads the keys,
     * insert columns and predicates of {@code spec}.
     */
    public List<String> deleteInsert(MergeSpec spec) {
        String delete = "delete from " + render(spec.target()) + " as " + MergeSpec.TARGET_ALIAS
                + "\nwhere exists (select 1 from " + render(spec.source()) + " as " + MergeSpec.SOURCE_ALIAS
                + " where " + matchKeys(spec, false) + ")";
        return List.of(delete, insertInto(spec.target(), spec.source(), spec.insertColumns()));
    }

    /**
     * The {@code insert_overwrite} strategy: deletes the target rows of every partition present
     * in the source (null is a partition value too), then inserts every source row.
     */
    public List<String> insertOverwrite(Relation target, Relation source, List<String> partitionBy, List<String> columns) {
        MergeSpec spec = new MergeSpec(target, source, partitionBy, List.of(), columns, List.of());
        String delete = "delete from " + render(target) + " as " + MergeSpec.TARGET_ALIAS
                + "\nwhere exists (select 1 from " + render(source) + " as " + MergeSpec.SOURCE_ALIAS
                + " where " + matchKeys(spec, true) + ")";
        return List.of(delete, insertInto(target, source, columns));
    }

    /** {@code alter table R add column C TYPE}. */
    public String addColumn(Relation relation, String column, String type) {
        return "alter table " + render(relation) + " add column " + quoteIdentifier(column) + " " + type;
    }

    /** {@code alter table R drop column C}. */
    public String dropColumn(Relation relation, String column) {
        return "alter table " + render(relation) + " drop column " + quoteIdentifier(column);
    }

    /** {@code alter table R alter column C set data type TYPE}. */
    public String alterColumnType(Relation relation, String column, String type) {
        return "alter table " + render(relation) + " alter column " + quoteIdentifier(column) + " set data type " + type;
    }

    /** The key columns of the source and target aliases compared, then the predicates, joined by {@code and}. */
    private String matchKeys(MergeSpec spec, boolean nullSafe) {
        List<String> terms = new ArrayList<>();
        for (String k : spec.keys()) {
            String src = MergeSpec.SOURCE_ALIAS + "." + quoteIdentifier(k);
            String dest = MergeSpec.TARGET_ALIAS + "." + quoteIdentifier(k);
            terms.add(nullSafe ? isNotDistinctFrom(src, dest) : src + " = " + dest);
        }
        spec.predicates().forEach(p -> terms.add("(" + p + ")"));
        return String.join(" and ", terms);
    }

    /** Quoted column names, each prefixed by {@code alias.} when an alias is given. */
    protected String columnList(List<String> columns, String alias) {
        StringJoiner j = new StringJoiner(", ");
        columns.forEach(c -> j.add((alias == null ? "" : alias + ".") + quoteIdentifier(c)));
        return j.toString();
    }

    /**
     * A query returning one row of {@code relation} per {@code partitionBy} group: the first
     * by {@code orderBy} (dbt_utils' {@code deduplicate}). The default numbers the rows and
     * keeps the first, so its result carries a {@code kiln_row_number} column; engines with
     * {@code QUALIFY} override it to return the relation's columns only.
     */
    public String deduplicate(String relation, String partitionBy, String orderBy) {
        return "select * from (select kiln_deduplicate.*, row_number() over (partition by " + partitionBy + " order by "
                + orderBy + ") as kiln_row_number from " + relation + " as kiln_deduplicate) as kiln_deduplicated "
                + "where kiln_row_number = 1";
    }

    /**
     * All columns of a relation whose columns are not known yet (it is built later in the same
     * run), minus {@code except}: {@code *} when nothing is excepted; {@code null} when the engine
     * cannot name "all but these" (then dbt_utils' {@code star} needs the relation built first).
     *
     * @param alias  the relation's alias in the query, or {@code null}
     * @param except column names to leave out
     */
    public String starExcept(String alias, List<String> except) {
        return except.isEmpty() ? (alias == null ? "*" : alias + ".*") : null;
    }

    /**
     * {@code relations} unioned by column name (a column missing from one relation is null
     * there), without knowing their columns, each row tagged with its relation's name in
     * {@code sourceColumn}; {@code null} when the engine cannot (then dbt_utils'
     * {@code union_relations} needs the relations built first).
     *
     * @param relations relation SQL, as rendered
     * @param names     the relation names to tag rows with, in the same order
     * @param exclude   columns to leave out
     * @param where     a filter for every relation, or empty
     */
    public String unionByName(List<String> relations, List<String> names, String sourceColumn, List<String> exclude,
                              String where) {
        return null;
    }
}
