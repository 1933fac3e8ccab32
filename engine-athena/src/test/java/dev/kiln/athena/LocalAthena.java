package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;
import dev.kiln.trinosql.JdbcStatements;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Athena stood in for by a real SQL engine, so that the adapter's builds leave rows that can be
 * checked (the materialization contract): the statements the Athena adapter sends run on an
 * in-memory DuckDB, the Glue catalog is DuckDB's {@code information_schema} (plus the table format
 * and location each {@code CREATE TABLE … WITH (…)} declared), and S3 keeps nothing. Athena's SQL
 * and DuckDB's agree on queries, {@code MERGE} (with {@code WHEN MATCHED … DELETE}), {@code IS [NOT]
 * DISTINCT FROM} and {@code timestamp(6)}; the few spellings that only Athena has are rewritten
 * before they run, and only these:
 * <ul>
 *   <li>the {@code WITH (…)} table properties of a CTAS are read (format, location) and left out;
 *       {@code WITH NO DATA} becomes {@code LIMIT 0};</li>
 *   <li>Hive DDL: backticks become double quotes, {@code ADD COLUMNS (c t, …)} one {@code ADD COLUMN}
 *       per column, {@code CHANGE COLUMN c c t} {@code ALTER COLUMN c TYPE t};</li>
 *   <li>the hash {@code lower(to_hex(md5(to_utf8(x))))} becomes DuckDB's {@code lower(md5(x))} (the same hex).</li>
 * </ul>
 * What Athena itself does with this SQL is checked on a real Trino (engine-trino's
 * {@code AthenaOnTrinoConformanceTest}); the statements themselves are pinned by
 * {@link AthenaMaterializerTest} and {@link AthenaSnapshotTest}.
 */
final class LocalAthena implements QueryEngine, Catalog, ObjectStore {

    private static final Pattern CTAS = Pattern.compile("(?s)^create table (\"[^\"]+\"\\.\"[^\"]+\")\\nwith \\((.*?)\\)\\nas\\n(.*)$");
    private static final Pattern RELATION = Pattern.compile("\"([^\"]+)\"\\.\"([^\"]+)\"");
    private static final Pattern LOCATION = Pattern.compile("(?:external_location|location) = '([^']+)'");
    private static final Pattern ADD_COLUMNS = Pattern.compile("(?s)^alter table (\\S+) add columns \\((.*)\\)$");
    private static final Pattern CHANGE_COLUMN = Pattern.compile("^alter table (\\S+) change column (\"[^\"]+\") \"[^\"]+\" (.+)$");

    private final JdbcStatements db;
    private final Connection connection;
    /** Format and location of the tables created with properties, by lower-case {@code schema.table}. */
    private final Map<String, CatalogTable> declared = new ConcurrentHashMap<>();

    LocalAthena() {
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        db = new JdbcStatements(() -> connection);
    }

    // ---- QueryEngine

    @Override
    public long execute(String sql) {
        long last = -1;
        for (String statement : rewrite(sql)) {
            last = db.execute(statement);
        }
        return last;
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        return db.query(rewrite(sql).get(0), maxRows);
    }

    @Override
    public QueryStats lastStats() {
        return QueryStats.UNKNOWN;
    }

    @Override
    public void cancel() {
        db.cancel();
    }

    @Override
    public void close() {
        // the adapter's sessions share the database; the test closes it
    }

    /** Closes the database. */
    void shutdown() {
        db.close();
    }

    /** Athena's statement in DuckDB's words: one or more statements. */
    List<String> rewrite(String sql) {
        String s = sql.replace("lower(to_hex(md5(to_utf8(", "lower((md5((");
        Matcher ctas = CTAS.matcher(s);
        if (ctas.matches()) {
            declare(ctas.group(1), ctas.group(2));
            String query = ctas.group(3);
            boolean noData = query.endsWith("\nwith no data");
            if (noData) {
                query = "select * from (\n" + query.substring(0, query.length() - "\nwith no data".length()) + "\n) limit 0";
            }
            return List.of("create table " + ctas.group(1) + " as\n" + query);
        }
        s = s.replace('`', '"');
        Matcher add = ADD_COLUMNS.matcher(s);
        if (add.matches()) {
            List<String> out = new ArrayList<>();
            for (String column : add.group(2).split(", ")) {
                out.add("alter table " + add.group(1) + " add column " + column);
            }
            return out;
        }
        Matcher change = CHANGE_COLUMN.matcher(s);
        if (change.matches()) {
            return List.of("alter table " + change.group(1) + " alter column " + change.group(2) + " type " + change.group(3));
        }
        return List.of(s);
    }

    private void declare(String relation, String properties) {
        Matcher r = RELATION.matcher(relation);
        if (!r.find()) {
            return;
        }
        Matcher loc = LOCATION.matcher(properties);
        S3Uri location = loc.find() ? S3Uri.parse(loc.group(1)) : null;
        TableFormat format = properties.contains("'ICEBERG'") ? TableFormat.ICEBERG : TableFormat.HIVE;
        Relation rel = Relation.of(r.group(1), r.group(2));
        declared.put(key(rel), new CatalogTable(rel, format, location, List.of(), List.of(), Map.of()));
    }

    // ---- Catalog (Glue)

    @Override
    public Map<Relation, RelationKind> relations(String schema) {
        Map<Relation, RelationKind> out = new LinkedHashMap<>();
        for (List<Object> row : db.query("select table_name, table_type from information_schema.tables where table_schema = "
                + literal(schema) + " order by table_name", Integer.MAX_VALUE).rows()) {
            out.put(Relation.of(schema, String.valueOf(row.get(0))),
                    "VIEW".equals(row.get(1)) ? RelationKind.VIEW : RelationKind.TABLE);
        }
        return out;
    }

    @Override
    public Optional<CatalogTable> table(Relation relation) {
        QueryResult r = db.query("select t.table_type, c.column_name, c.data_type from information_schema.tables t"
                + " join information_schema.columns c on c.table_schema = t.table_schema and c.table_name = t.table_name"
                + " where t.table_schema = " + literal(relation.schema()) + " and lower(t.table_name) = "
                + literal(relation.identifier().toLowerCase(Locale.ROOT)) + " order by c.ordinal_position", Integer.MAX_VALUE);
        if (r.rows().isEmpty()) {
            return Optional.empty();
        }
        List<RelationInfo.Column> columns = r.rows().stream()
                .map(row -> new RelationInfo.Column(String.valueOf(row.get(1)), String.valueOf(row.get(2)))).toList();
        Relation rel = Relation.of(relation.schema(), relation.identifier());
        if ("VIEW".equals(r.rows().get(0).get(0))) {
            return Optional.of(new CatalogTable(rel, TableFormat.VIEW, null, columns, List.of(), Map.of()));
        }
        CatalogTable d = declared.get(key(relation));
        return Optional.of(new CatalogTable(rel, d == null ? TableFormat.HIVE : d.format(), d == null ? null : d.location(),
                columns, List.of(), Map.of()));
    }

    @Override
    public void ensureSchema(String schema) {
        db.execute("create schema if not exists " + quote(schema));
    }

    /** Glue's one-update swap: the target's entry becomes the source's (here: drop, then rename). */
    @Override
    public void replace(Relation source, Relation target) {
        CatalogTable s = table(source).orElseThrow();
        table(target).ifPresent(t -> drop(target));
        String kind = s.kind() == RelationKind.VIEW ? "view " : "table ";
        db.execute("alter " + kind + quote(source.schema()) + "." + quote(source.identifier()) + " rename to "
                + quote(target.identifier()));
        CatalogTable d = declared.remove(key(source));
        if (d != null) {
            declared.put(key(target), d);
        }
    }

    @Override
    public void drop(Relation relation) {
        table(relation).ifPresent(t -> db.execute("drop " + (t.kind() == RelationKind.VIEW ? "view " : "table ")
                + quote(relation.schema()) + "." + quote(relation.identifier())));
        declared.remove(key(relation));
    }

    @Override
    public List<Partition> partitions(Relation relation) {
        return List.of();
    }

    @Override
    public void dropPartitions(Relation relation, List<List<String>> values) {
        throw new UnsupportedOperationException("the local Athena keeps no Hive partitions");
    }

    // ---- ObjectStore (S3): the data lives in DuckDB's tables

    @Override
    public long deletePrefix(S3Uri folder) {
        return 0;
    }

    @Override
    public void put(S3Uri object, byte[] content) {
        throw new UnsupportedOperationException("the local Athena keeps no objects");
    }

    private static String key(Relation r) {
        return (r.schema() + "." + r.identifier()).toLowerCase(Locale.ROOT);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
