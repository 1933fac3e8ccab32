package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Athena in memory, for pinning the materializer's statements: a {@link QueryEngine} that
 * records SQL (and registers the tables that CTAS and CREATE VIEW make), a {@link Catalog} and
 * an {@link ObjectStore} that record what they were asked to do.
 */
final class FakeWarehouse implements QueryEngine, Catalog, ObjectStore {

    private static final Pattern CTAS = Pattern.compile("(?s)create table \"([^\"]+)\"\\.\"([^\"]+)\"\\nwith \\((.*?)\\n\\)\\nas\\n.*");
    private static final Pattern VIEW = Pattern.compile("(?s)create or replace view \"([^\"]+)\"\\.\"([^\"]+)\" as\\n.*");
    private static final Pattern LOCATION = Pattern.compile("(?:external_location|location) = '([^']+)'");
    private static final Pattern CSV = Pattern.compile("(?s)create external table `([^`]+)`\\.`([^`]+)`.*location '([^']+)'.*");

    final List<String> statements = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final Map<Relation, CatalogTable> tables = new LinkedHashMap<>();
    final Map<Relation, List<Partition>> partitions = new LinkedHashMap<>();
    final Map<String, List<String>> columnsOf = new LinkedHashMap<>();
    final Map<String, QueryResult> results = new LinkedHashMap<>();
    final Map<String, String> failures = new LinkedHashMap<>();
    final Map<String, String> failOnce = new LinkedHashMap<>();
    final Map<S3Uri, byte[]> objects = new LinkedHashMap<>();
    long updateCount = 7;

    /** A session over this warehouse. */
    AthenaSession session(AthenaSettings settings) {
        return new AthenaSession(this, this, this, settings);
    }

    /** Puts a table in the catalog. */
    FakeWarehouse table(String schema, String name, TableFormat format, String location, List<String> columns,
                        List<String> partitionKeys) {
        Relation r = Relation.of(schema, name);
        tables.put(r, new CatalogTable(r, format, location == null ? null : S3Uri.parse(location),
                columns.stream().map(c -> new RelationInfo.Column(c, "varchar")).toList(),
                partitionKeys.stream().map(c -> new RelationInfo.Column(c, "varchar")).toList(), Map.of()));
        return this;
    }

    /** Statements containing {@code fragment} fail with {@code message}. */
    FakeWarehouse failOn(String fragment, String message) {
        failures.put(fragment, message);
        return this;
    }

    /** The next statement containing {@code fragment} fails with {@code message}; later ones succeed. */
    FakeWarehouse failOnce(String fragment, String message) {
        failOnce.put(fragment, message);
        return this;
    }

    // ---- QueryEngine

    @Override
    public long execute(String sql) {
        statements.add(sql);
        for (Map.Entry<String, String> f : failOnce.entrySet()) {
            if (sql.contains(f.getKey())) {
                failOnce.remove(f.getKey());
                throw new KilnException(ErrorCode.EXECUTION_FAILED, f.getValue());
            }
        }
        for (Map.Entry<String, String> f : failures.entrySet()) {
            if (sql.contains(f.getKey())) {
                Matcher m = CTAS.matcher(sql);
                if (m.matches()) { // Athena registers the table before the write fails
                    register(m.group(1), m.group(2), m.group(3));
                }
                throw new KilnException(ErrorCode.EXECUTION_FAILED, f.getValue());
            }
        }
        Matcher m = CTAS.matcher(sql);
        if (m.matches()) {
            register(m.group(1), m.group(2), m.group(3));
            return updateCount;
        }
        m = VIEW.matcher(sql);
        if (m.matches()) {
            Relation r = Relation.of(m.group(1), m.group(2));
            tables.put(r, new CatalogTable(r, TableFormat.VIEW, null, List.of(), List.of(), Map.of()));
            return -1;
        }
        m = CSV.matcher(sql);
        if (m.matches()) {
            Relation r = Relation.of(m.group(1), m.group(2));
            tables.put(r, new CatalogTable(r, TableFormat.HIVE, S3Uri.parse(m.group(3)), List.of(), List.of(), Map.of()));
            return -1;
        }
        return sql.startsWith("insert") || sql.startsWith("merge") ? updateCount : -1;
    }

    private void register(String schema, String name, String props) {
        Relation r = Relation.of(schema, name);
        Matcher loc = LOCATION.matcher(props);
        S3Uri location = loc.find() ? S3Uri.parse(loc.group(1)) : null;
        TableFormat format = props.contains("'ICEBERG'") ? TableFormat.ICEBERG : TableFormat.HIVE;
        List<String> cols = columnsOf.getOrDefault(name, List.of("id", "name"));
        tables.put(r, new CatalogTable(r, format, location,
                cols.stream().map(c -> new RelationInfo.Column(c, "varchar")).toList(), List.of(), Map.of()));
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        statements.add(sql);
        for (Map.Entry<String, QueryResult> r : results.entrySet()) {
            if (sql.contains(r.getKey())) {
                return r.getValue();
            }
        }
        return new QueryResult(List.of(), List.of(), List.of(), false);
    }

    @Override
    public QueryStats lastStats() {
        return QueryStats.UNKNOWN;
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }

    // ---- Catalog

    @Override
    public Map<Relation, RelationKind> relations(String schema) {
        Map<Relation, RelationKind> out = new LinkedHashMap<>();
        tables.forEach((r, t) -> {
            if (r.schema().equals(schema)) {
                out.put(r, t.kind());
            }
        });
        return out;
    }

    @Override
    public Optional<CatalogTable> table(Relation relation) {
        return Optional.ofNullable(tables.get(Relation.of(relation.schema(), relation.identifier().toLowerCase(Locale.ROOT))));
    }

    @Override
    public void ensureSchema(String schema) {
        log.add("ensureSchema " + schema);
    }

    @Override
    public void replace(Relation source, Relation target) {
        log.add("replace " + source + " -> " + target);
        CatalogTable t = tables.remove(Relation.of(source.schema(), source.identifier()));
        Relation r = Relation.of(target.schema(), target.identifier());
        tables.put(r, new CatalogTable(r, t.format(), t.location(), t.columns(), t.partitionKeys(), t.parameters()));
    }

    @Override
    public void drop(Relation relation) {
        if (tables.remove(Relation.of(relation.schema(), relation.identifier())) != null) {
            log.add("drop " + relation);
        }
    }

    @Override
    public List<Partition> partitions(Relation relation) {
        return partitions.getOrDefault(Relation.of(relation.schema(), relation.identifier()), List.of());
    }

    @Override
    public void dropPartitions(Relation relation, List<List<String>> values) {
        log.add("dropPartitions " + relation + " " + values);
    }

    // ---- ObjectStore

    @Override
    public long deletePrefix(S3Uri folder) {
        log.add("delete " + folder);
        return 1;
    }

    @Override
    public void put(S3Uri object, byte[] content) {
        log.add("put " + object);
        objects.put(object, content);
    }
}
