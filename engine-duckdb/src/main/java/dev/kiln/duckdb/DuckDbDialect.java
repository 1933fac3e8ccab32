package dev.kiln.duckdb;

import dev.kiln.SourceTable;
import dev.kiln.spi.Dialect;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * DuckDB's SQL: transactional DDL, {@code try_cast}, files read in place by
 * {@code external_location}. Relations are rendered with the database's catalog
 * ({@code "datavision"."staging"."stg_users"}), so that a schema named like the database file
 * is never ambiguous.
 */
public final class DuckDbDialect extends Dialect {

    /** A dialect for an in-memory database (catalog {@code memory}). */
    public static final DuckDbDialect IN_MEMORY = new DuckDbDialect("memory");

    private final String catalog;

    /** @param catalog the catalog of the database: its file name without extension, or {@code memory} */
    public DuckDbDialect(String catalog) {
        this.catalog = catalog;
    }

    /** The dialect of the database in {@code settings}. */
    public static DuckDbDialect of(DuckDbSettings settings) {
        if (settings.path() == null) {
            return IN_MEMORY;
        }
        return new DuckDbDialect(catalogOf(settings.path()));
    }

    /** The catalog DuckDB names a database file by: its file name without extension. */
    static String catalogOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The catalog relations are qualified with. */
    public String catalog() {
        return catalog;
    }

    @Override
    public String render(dev.kiln.Relation relation) {
        return relation.database() != null ? super.render(relation)
                : super.render(new dev.kiln.Relation(catalog, relation.schema(), relation.identifier()));
    }

    @Override
    public String name() {
        return "duckdb";
    }

    /** The catalog: what another DuckDB target attaches this database as to read its relations. */
    @Override
    public String defaultDatabase() {
        return catalog;
    }

    @Override
    public boolean supportsTransactionalDdl() {
        return true;
    }

    /**
     * A source with {@code external_location} reads its files directly: Parquet, CSV or JSON
     * by extension ({@code read_parquet('…/*.parquet')}); a relative location resolves against
     * the project directory. A loaded table's location without an extension is the folder its
     * loads write Parquet files to.
     */
    @Override
    public String renderSource(SourceTable source, Path projectRoot) {
        String location = source.externalLocation();
        if (location == null || location.isBlank()) {
            return super.renderSource(source, projectRoot);
        }
        String resolved = location.contains("://") ? location
                : projectRoot.resolve(location).toAbsolutePath().normalize().toString().replace('\\', '/');
        String lower = location.toLowerCase(Locale.ROOT);
        String last = lower.substring(lower.lastIndexOf('/') + 1);
        if (source.loaded() && !last.contains(".") && !last.contains("*")) {
            // a loaded table's folder: one Parquet file per load, columns evolving between them
            return "read_parquet(" + quoteString(resolved.replaceAll("/+$", "") + "/*.parquet") + ", union_by_name = true)";
        }
        String reader = lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv") ? "read_csv"
                : lower.endsWith(".json") || lower.endsWith(".ndjson") || lower.endsWith(".jsonl")
                || lower.endsWith(".json.gz") ? "read_json_auto" : "read_parquet";
        return reader + "(" + quoteString(resolved) + ")";
    }

    @Override
    public String createSchema(String schema) {
        return "create schema if not exists " + quoteIdentifier(catalog) + "." + quoteIdentifier(schema);
    }

    @Override
    public String dateadd(String datepart, String amount, String expr) {
        return "(" + expr + " + (" + amount + ") * interval 1 " + datepart + ")";
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

    /**
     * Only where each query would recompute the relation (views, files): on a stored table,
     * DuckDB answers a simple filter per column from zone maps faster than one wide scan
     * (benchmarks/test-batching.sh: 20 checks on 5 M rows, 0.20 s apart vs 1.00 s together).
     */
    @Override
    public boolean batchesChecks(boolean stored) {
        return !stored;
    }

    @Override
    public String regexpLike(String expr, String pattern) {
        return "regexp_matches(" + expr + ", " + pattern + ")";
    }

    @Override
    public String hash(String expr) {
        return "md5(cast(" + expr + " as varchar))";
    }

    @Override
    public String limit(String sql, int n) {
        return "select * from (\n" + sql + "\n) limit " + n;
    }

    /** DuckDB's {@code COPY (…) TO 'file' (FORMAT parquet)}. */
    @Override
    public java.util.Optional<String> exportParquet(String sql, java.nio.file.Path file) {
        return java.util.Optional.of("copy (\n" + sql + "\n) to " + quoteString(file.toAbsolutePath().toString())
                + " (format parquet)");
    }

    /** DuckDB has {@code QUALIFY}: the relation's own columns, one row per group. */
    @Override
    public String deduplicate(String relation, String partitionBy, String orderBy) {
        return "select * from " + relation + " as kiln_deduplicate qualify row_number() over (partition by " + partitionBy
                + " order by " + orderBy + ") = 1";
    }

    /** DuckDB's {@code * exclude (…)}. */
    @Override
    public String starExcept(String alias, java.util.List<String> except) {
        String star = alias == null ? "*" : alias + ".*";
        if (except.isEmpty()) {
            return star;
        }
        java.util.StringJoiner cols = new java.util.StringJoiner(", ", " exclude (", ")");
        except.forEach(c -> cols.add(quoteIdentifier(c)));
        return star + cols;
    }

    /** DuckDB's {@code union all by name}. */
    @Override
    public String unionByName(java.util.List<String> relations, java.util.List<String> names, String sourceColumn,
                              java.util.List<String> exclude, String where) {
        java.util.StringJoiner union = new java.util.StringJoiner("\nunion all by name\n");
        for (int i = 0; i < relations.size(); i++) {
            union.add("select cast(" + quoteString(names.get(i)) + " as varchar) as " + quoteIdentifier(sourceColumn)
                    + ", * from " + relations.get(i) + (where.isEmpty() ? "" : " where " + where));
        }
        return exclude.isEmpty() ? union.toString()
                : "select " + starExcept(null, exclude) + " from (\n" + union + "\n) as kiln_union_relations";
    }
}
