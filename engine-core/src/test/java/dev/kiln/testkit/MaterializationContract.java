package dev.kiln.testkit;

import dev.kiln.CompiledNode;
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
import dev.kiln.spi.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an adapter's materializer must do with incremental models and snapshots: every incremental
 * strategy, {@code on_schema_change}, and snapshots recording new, changed and deleted keys as
 * versions, checked on the rows left in the warehouse. Part of {@link AdapterContract}; extend this
 * class alone when the warehouse can only be stood in for (engine-athena runs it on its local
 * Athena, whose statements run on DuckDB).
 */
public abstract class MaterializationContract {

    @TempDir
    protected Path projectDir;

    protected Adapter adapter;
    protected Session session;
    protected Dialect dialect;

    /** The adapter under test. */
    protected abstract AdapterProvider provider();

    /** Settings of a fresh, empty target for one test (relative paths resolve against {@code projectDir}). */
    protected abstract Map<String, Object> targetSettings();

    /**
     * Config every model and snapshot of the contract gets besides its own (empty by default): e.g.
     * the table format an adapter needs for row-level strategies ({@code table_type: iceberg} on Athena).
     */
    protected Map<String, Object> modelConfig() {
        return Map.of();
    }

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
        Map<String, Object> all = new java.util.HashMap<>(modelConfig());
        all.putAll(config);
        config = all;
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
