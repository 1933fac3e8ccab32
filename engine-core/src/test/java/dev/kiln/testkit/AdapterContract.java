package dev.kiln.testkit;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.RelationKind;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expectations every adapter must meet. An adapter's test suite extends this class and
 * says how to open a target; each test runs against a real warehouse.
 */
public abstract class AdapterContract {

    @TempDir
    protected Path projectDir;

    protected Adapter adapter;
    protected Session session;
    protected Dialect dialect;

    /** The adapter under test. */
    protected abstract AdapterProvider provider();

    /** Settings of a fresh, empty target for one test (relative paths resolve against {@code projectDir}). */
    protected abstract Map<String, Object> targetSettings();

    /** A query that runs for many seconds, to test cancellation. */
    protected abstract String slowQuery();

    @BeforeEach
    void openAdapter() {
        AdapterProvider p = provider();
        TargetConfig target = new TargetConfig("contract", p.type(), targetSettings(), SourcePosition.of(Path.of("kiln.yml")));
        adapter = p.open(new AdapterContext(target, projectDir));
        dialect = adapter.dialect();
        session = adapter.openSession();
    }

    @AfterEach
    void closeAdapter() {
        session.close();
        adapter.close();
    }

    protected CompiledNode node(String name, ResourceType type, String sql, Map<String, Object> config, Path file) {
        Node n = new Node(type.dbtName() + ".contract." + name, type, name,
                new NodeOrigin(file, SourcePosition.of(file), List.of("contract", name)), sql, new NodeConfig(config),
                NodeDocs.NONE, null);
        return new CompiledNode(n, sql, Relation.of("contract", name), List.of(), List.of());
    }

    protected BuildRequest request(CompiledNode node) {
        return new BuildRequest(node, node.relation(), session, false, projectDir);
    }

    protected long count(Relation r) {
        return ((Number) session.query("select count(*) from " + dialect.render(r), 1).scalar()).longValue();
    }

    @Test
    void executesAndQueries() {
        session.ensureSchema("contract");
        session.ensureSchema("contract");
        session.execute(dialect.createTableAs(Relation.of("contract", "t"), "select 1 as id, 'a' as name"));
        var r = session.query("select id, name from " + dialect.render(Relation.of("contract", "t")), 10);
        assertThat(r.columns()).containsExactly("id", "name");
        assertThat(r.rows()).hasSize(1);
        assertThat(((Number) r.rows().get(0).get(0)).intValue()).isEqualTo(1);
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void queryTruncatesAtMaxRows() {
        var r = session.query("select * from (values (1), (2), (3)) as v(x)", 2);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void streamHandsEveryRowInOrderWithTheShapeFirst() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        session.stream("select x, 'r' || cast(x as varchar) as label from (values (1), (2), (3)) as v(x) order by x",
                new dev.kiln.spi.RowHandler() {
                    @Override
                    public void start(java.util.List<String> columns, java.util.List<String> types) {
                        seen.add(String.join(",", columns));
                    }

                    @Override
                    public void row(java.util.List<Object> values) {
                        seen.add(((Number) values.get(0)).intValue() + ":" + values.get(1));
                    }
                });
        assertThat(seen).containsExactly("x,label", "1:r1", "2:r2", "3:r3");
    }

    @Test
    void errorsAreExecutionFailuresWithTheWarehouseMessage() {
        assertThatThrownBy(() -> session.query("select * from no_such_table_anywhere", 1))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                    assertThat(e.getMessage()).containsIgnoringCase("no_such_table_anywhere");
                });
    }

    @Test
    void tableMaterializationReplacesAtomically() {
        var m = adapter.materializer();
        CompiledNode v1 = node("orders", ResourceType.MODEL, "select 1 as id union all select 2", Map.of("materialized", "table"), Path.of("models/orders.sql"));
        assertThat(m.table(request(v1)).rowsAffected()).isEqualTo(2);
        CompiledNode broken = node("orders", ResourceType.MODEL, "select 1 / 0 as id from nowhere_at_all", Map.of(), Path.of("models/orders.sql"));
        assertThatThrownBy(() -> m.table(request(broken))).isInstanceOf(KilnException.class);
        assertThat(count(v1.relation())).isEqualTo(2);
        assertThat(session.relations(List.of("contract")).keySet())
                .containsExactly(Relation.of("contract", "orders"));
        CompiledNode v2 = node("orders", ResourceType.MODEL, "select 1 as id", Map.of(), Path.of("models/orders.sql"));
        m.table(request(v2));
        assertThat(count(v1.relation())).isEqualTo(1);
    }

    @Test
    void viewReplacesATableOfTheSameNameAndBack() {
        var m = adapter.materializer();
        CompiledNode t = node("x", ResourceType.MODEL, "select 1 as id", Map.of(), Path.of("models/x.sql"));
        m.table(request(t));
        m.view(request(node("x", ResourceType.MODEL, "select 2 as id", Map.of(), Path.of("models/x.sql"))));
        assertThat(session.relations(List.of("contract"))).containsEntry(Relation.of("contract", "x"), RelationKind.VIEW);
        m.table(request(t));
        assertThat(session.relations(List.of("contract"))).containsEntry(Relation.of("contract", "x"), RelationKind.TABLE);
    }

    @Test
    void describeListsColumnsInOrder() {
        session.ensureSchema("contract");
        session.execute(dialect.createTableAs(Relation.of("contract", "d"), "select 1 as b, 'x' as a"));
        var info = session.describe(Relation.of("contract", "d")).orElseThrow();
        assertThat(info.kind()).isEqualTo(RelationKind.TABLE);
        assertThat(info.columns()).extracting(c -> c.name()).containsExactly("b", "a");
        assertThat(session.describe(Relation.of("contract", "missing"))).isEmpty();
    }

    @Test
    void catalogDescribesTheRelationsThatExistInTheOrderAsked() {
        session.ensureSchema("catalog_contract");
        session.execute(dialect.createTableAs(Relation.of("catalog_contract", "cat_t"), "select 1 as b, 'x' as a"));
        session.execute(dialect.createView(Relation.of("catalog_contract", "cat_v"), "select a from "
                + dialect.render(Relation.of("catalog_contract", "cat_t"))));
        var entries = session.catalog(List.of(Relation.of("catalog_contract", "cat_v"), Relation.of("catalog_contract", "missing"),
                Relation.of("catalog_contract", "cat_t")));
        assertThat(entries).extracting(e -> e.info().relation().identifier().toLowerCase(java.util.Locale.ROOT))
                .containsExactly("cat_v", "cat_t");
        assertThat(entries.get(0).info().kind()).isEqualTo(RelationKind.VIEW);
        assertThat(entries.get(1).info().kind()).isEqualTo(RelationKind.TABLE);
        assertThat(entries.get(1).info().columns()).extracting(c -> c.name()).containsExactly("b", "a");
        assertThat(entries.get(1).stats()).allSatisfy(st -> assertThat(st.id()).isNotBlank());
    }

    @Test
    void seedsLoadCsvWithDeclaredTypes() throws Exception {
        Path csv = projectDir.resolve("seeds/plans.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "plan_id,name,monthly_price\n1,free,0\n2,premium,9.99\n3,enterprise,49\n");
        CompiledNode seed = node("plans", ResourceType.SEED, "", Map.of("column_types", Map.of("plan_id", "varchar")),
                Path.of("seeds/plans.csv"));
        assertThat(adapter.materializer().seed(request(seed)).rowsAffected()).isEqualTo(3);
        var info = session.describe(seed.relation()).orElseThrow();
        assertThat(info.columns().get(0).type()).containsIgnoringCase("varchar");
        Object total = session.query("select sum(monthly_price) from " + dialect.render(seed.relation()), 1).scalar();
        assertThat(((Number) total).doubleValue()).isEqualTo(58.99, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void dialectHelpersProduceWorkingSql() {
        String sql = "select " + dialect.datediff("day", "date '2026-01-01'", dialect.dateadd("day", "7", "date '2026-01-01'"))
                + " as d, " + dialect.concat(List.of("'a'", "'b'")) + " as c, " + dialect.safeCast("'x'", "integer") + " as s, "
                + "length(" + dialect.hash("42") + ") as h";
        var row = session.query(sql, 1).rows().get(0);
        assertThat(((Number) row.get(0)).intValue()).isEqualTo(7);
        assertThat(row.get(1)).isEqualTo("ab");
        assertThat(row.get(2)).isNull();
        assertThat(((Number) row.get(3)).intValue()).isEqualTo(32);
    }

    @Test
    void cancelAbortsARunningStatement() throws Exception {
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                session.query(slowQuery(), 1);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(300);
        long start = System.nanoTime();
        session.cancel();
        Throwable t = running.get(30, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(KilnException.class);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }

    /**
     * The incremental strategies the adapter supports, tested by
     * {@link #incrementalStrategiesWriteTheNewRows}; all four by default.
     */
    protected java.util.Set<String> incrementalStrategies() {
        return java.util.Set.of("append", "merge", "delete+insert", "insert_overwrite");
    }

    /** The rows of {@code r} as {@code col:col:…} text, sorted; nulls as {@code null}. */
    protected List<String> rows(Relation r, String... columns) {
        String cols = String.join(", ", java.util.Arrays.stream(columns).map(dialect::quoteIdentifier).toList());
        return session.query("select " + cols + " from " + dialect.render(r), Integer.MAX_VALUE).rows().stream()
                .map(row -> String.join(":", row.stream().map(v -> v instanceof Number n ? String.valueOf(n.longValue())
                        : String.valueOf(v)).toList()))
                .sorted().toList();
    }

    private CompiledNode incremental(String name, String sql, Map<String, Object> config) {
        Map<String, Object> c = new java.util.HashMap<>(config);
        c.put("materialized", "incremental");
        return node(name, ResourceType.MODEL, sql, c, Path.of("models/" + name + ".sql"));
    }

    @Test
    void incrementalStrategiesWriteTheNewRows() {
        var m = adapter.materializer();
        Map<String, List<String>> expected = Map.of(
                "append", List.of("1:a:1", "2:B:1", "2:b:1", "3:c:2"),
                "merge", List.of("1:a:1", "2:B:1", "3:c:2"),
                "delete+insert", List.of("1:a:1", "2:B:1", "3:c:2"),
                "insert_overwrite", List.of("2:B:1", "3:c:2"));
        for (String strategy : new java.util.TreeSet<>(incrementalStrategies())) {
            String name = "inc_" + strategy.replaceAll("[^a-z]", "_");
            Map<String, Object> config = new java.util.HashMap<>(Map.of("incremental_strategy", strategy));
            if (!strategy.equals("append")) {
                config.put("unique_key", "id");
            }
            if (strategy.equals("insert_overwrite")) {
                config.put("partitioned_by", List.of("part"));
            }
            m.incremental(request(incremental(name,
                    "select 1 as id, 'a' as v, 1 as part union all select 2 as id, 'b' as v, 1 as part", config)));
            assertThat(rows(Relation.of("contract", name), "id", "v", "part")).as("first run of " + strategy)
                    .containsExactly("1:a:1", "2:b:1");
            m.incremental(request(incremental(name,
                    "select 2 as id, 'B' as v, 1 as part union all select 3 as id, 'c' as v, 2 as part", config)));
            assertThat(rows(Relation.of("contract", name), "id", "v", "part")).as(strategy)
                    .containsExactlyElementsOf(expected.get(strategy));
            assertThat(session.relations(List.of("contract")).keySet()).as("no temporary table left by " + strategy)
                    .noneMatch(r -> r.identifier().contains("__kiln"));
        }
    }

    @Test
    void incrementalSchemaChangesFollowOnSchemaChange() {
        var m = adapter.materializer();
        Relation r = Relation.of("contract", "inc_schema");
        m.incremental(request(incremental("inc_schema", "select 1 as id, 'a' as v",
                Map.of("on_schema_change", "append_new_columns"))));
        m.incremental(request(incremental("inc_schema", "select 2 as id, 'b' as v, 10 as extra",
                Map.of("on_schema_change", "append_new_columns"))));
        assertThat(session.describe(r).orElseThrow().columns()).extracting(c -> c.name()).containsExactly("id", "v", "extra");
        assertThat(rows(r, "id", "v", "extra")).containsExactly("1:a:null", "2:b:10");

        m.incremental(request(incremental("inc_schema", "select 3 as id, 30 as extra",
                Map.of("on_schema_change", "sync_all_columns"))));
        assertThat(session.describe(r).orElseThrow().columns()).extracting(c -> c.name()).containsExactly("id", "extra");
        assertThat(rows(r, "id", "extra")).containsExactly("1:null", "2:10", "3:30");

        CompiledNode changed = incremental("inc_schema", "select 4 as id, 40 as extra, 'x' as other",
                Map.of("on_schema_change", "fail"));
        assertThatThrownBy(() -> m.incremental(request(changed))).isInstanceOfSatisfying(KilnException.class,
                e -> assertThat(e.getMessage()).contains("on_schema_change"));
        assertThat(rows(r, "id", "extra")).as("left as it was").containsExactly("1:null", "2:10", "3:30");
        assertThat(session.relations(List.of("contract")).keySet()).noneMatch(x -> x.identifier().contains("__kiln"));
    }

    @Test
    void snapshotsRecordChangesAsVersions() {
        var m = adapter.materializer();
        Map<String, Object> config = Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "updated_at",
                "hard_deletes", "invalidate");
        String jan1 = dialect.timestampLiteral("2026-01-01 00:00:00");
        String jan2 = dialect.timestampLiteral("2026-01-02 00:00:00");
        m.snapshot(request(node("snap", ResourceType.SNAPSHOT, "select 1 as id, 'a' as v, " + jan1 + " as updated_at"
                + " union all select 2 as id, 'b' as v, " + jan1 + " as updated_at", config, Path.of("snapshots/snap.yml"))));
        Relation r = Relation.of("contract", "snap");
        assertThat(rows(r, "id", "v")).containsExactly("1:a", "2:b");
        assertThat(session.query("select count(*) from " + dialect.render(r) + " where kiln_valid_to is null", 1).scalar())
                .satisfies(n -> assertThat(((Number) n).intValue()).isEqualTo(2));

        var result = m.snapshot(request(node("snap", ResourceType.SNAPSHOT, "select 1 as id, 'A' as v, " + jan2
                + " as updated_at union all select 3 as id, 'c' as v, " + jan2 + " as updated_at", config,
                Path.of("snapshots/snap.yml"))));
        assertThat(result.message()).contains("1 new", "1 changed", "1 deleted");
        assertThat(rows(r, "id", "v")).containsExactly("1:A", "1:a", "2:b", "3:c");
        var current = session.query("select id, v from " + dialect.render(r) + " where kiln_valid_to is null order by id",
                10).rows();
        assertThat(current).extracting(row -> ((Number) row.get(0)).intValue() + ":" + row.get(1)).containsExactly("1:A", "3:c");
        var closed = session.query("select cast(kiln_valid_to as varchar) from " + dialect.render(r) + " where id = 1"
                + " and kiln_valid_to is not null", 10).rows();
        assertThat(closed).extracting(row -> String.valueOf(row.get(0))).singleElement()
                .satisfies(t -> assertThat(t).startsWith("2026-01-02 00:00:00"));
        assertThat(session.relations(List.of("contract")).keySet()).noneMatch(x -> x.identifier().contains("__kiln"));
    }
}
