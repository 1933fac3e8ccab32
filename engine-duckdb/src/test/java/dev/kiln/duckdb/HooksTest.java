package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.CompiledNode;
import dev.kiln.KilnException;
import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hooks on a real DuckDB file: {@code pre_hook}/{@code post_hook} from {@code kiln.yml}
 * ({@code +pre-hook}), YAML and {@code <@config>}, in dbt's order and with its failure
 * semantics, and {@code on-run-start}/{@code on-run-end} with {@code results}.
 */
class HooksTest {

    @TempDir
    Path dir;

    private TempProject project(String hooksYaml) {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                          +pre-hook: "insert into audit.log values ('project pre ' || '${this.identifier}')"
                        seeds:
                          +post-hook: ["insert into audit.log values ('seed post ${this}')"]
                        """ + hooksYaml + """
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                        """)
                .file("seeds/plans.csv", "plan_id,name\n1,free\n2,premium\n")
                .file("models/orders.sql", """
                        <@config post_hook=["insert into audit.log values ('file post ' || (select count(*) from ${this}))"] />
                        select 1 as order_id, 10 as amount union all select 2, 20
                        """)
                .file("models/order_total.sql", "select sum(amount) as total from ${ref('orders')}\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            config:
                              post_hook: "insert into audit.log values ('yaml post')"
                        """);
    }

    private static final String START = """
            on-run-start:
              - "create schema if not exists audit"
              - "create table if not exists audit.log (event varchar)"
            """;

    @Test
    void nodeHooksRunInDbtOrderAroundTheBuild() throws Exception {
        project(START);
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            results = kiln.build(Selection.ALL);
        }
        assertThat(results.success()).as(results.toString()).isTrue();
        List<String> log = log();
        assertThat(log).contains("seed post \"shop\".\"main\".\"plans\"") // ${this}: the seed's relation
                .hasSize(5);
        // kiln.yml's hooks before the YAML's before the file's; post-hooks after the build (they see its rows)
        assertThat(log.stream().filter(l -> !l.startsWith("seed")).toList()).containsExactly(
                "project pre orders",
                "yaml post",
                "file post 2",
                "project pre order_total");
        assertThat(results.results()).extracting(NodeResult::uniqueId).startsWith(
                "operation.shop.shop-on-run-start-0", "operation.shop.shop-on-run-start-1");
    }

    @Test
    void snapshotHooksFromKilnYmlAndTheSnapshotsYamlRunAroundIt() throws Exception {
        project(START).file("kiln.yml", """
                name: shop
                snapshots:
                  +pre_hook: "insert into audit.log values ('snapshot pre')"
                """ + START + """
                targets:
                  dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                """).file("models/schema.yml", "version: 2\n")
                .file("models/orders.sql", "select 1 as order_id, 10 as amount union all select 2, 20\n")
                .file("snapshots/orders.yml", """
                        snapshots:
                          - name: orders_history
                            relation: ref('orders')
                            config:
                              unique_key: order_id
                              strategy: check
                              check_cols: all
                              post-hook: "insert into audit.log select 'snapshot post ' || count(*) from ${this}"
                        """);
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            results = kiln.build(Selection.ALL);
        }
        assertThat(results.success()).as(results.toString()).isTrue();
        assertThat(log()).containsExactly("snapshot pre", "snapshot post 2");
    }

    @Test
    void aFailingPreHookFailsTheNodeAndSkipsWhatDependsOnIt() throws Exception {
        project(START).file("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    config:
                      pre_hook: "insert into audit.no_such_table values (1)"
                """);
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            results = kiln.run(Selection.ALL);
        }
        Map<String, NodeResult> byId = results.results().stream()
                .collect(Collectors.toMap(NodeResult::uniqueId, Function.identity()));
        assertThat(byId.get("model.shop.orders").status()).isEqualTo(NodeStatus.ERROR);
        assertThat(byId.get("model.shop.orders").message()).contains("pre_hook 2 of model 'orders' failed")
                .contains("no_such_table");
        assertThat(byId.get("model.shop.order_total").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(results.exitCode()).isEqualTo(1);
        assertThat(tableExists("orders")).isFalse(); // the build never ran
    }

    @Test
    void aFailingPostHookRollsTheBuildBack() throws Exception {
        project(START).file("models/orders.sql", """
                <@config post_hook="insert into audit.log values (1, 2, 3)" />
                select 1 as order_id, 10 as amount
                """);
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            results = kiln.run(Selection.parse("orders"));
        }
        NodeResult orders = results.results().stream().filter(r -> r.uniqueId().equals("model.shop.orders"))
                .findFirst().orElseThrow();
        assertThat(orders.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(orders.message()).contains("post_hook 2 of model 'orders' failed");
        assertThat(tableExists("orders")).as("the post-hook ran in the build's transaction").isFalse();
        assertThat(log()).isEmpty(); // the project pre-hook's insert was rolled back too
    }

    @Test
    void onRunEndSeesTheResultsAndRunsAfterAFailure() throws Exception {
        project(START + """
                on-run-end:
                  - "create table audit.results as select * from (values ('none', 'none')) v(id, status) where false"
                  - "<#list results as r>insert into audit.results values ('${r.node.name}', '${r.status}');</#list>"
                """).file("models/order_total.sql", "select sum(no_such_column) as total from ${ref('orders')}\n");
        List<String> lines = new ArrayList<>();
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(dir).listener(new KilnListener() {
            @Override
            public void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
                if (node.resourceType() == ResourceType.OPERATION) {
                    lines.add(index + " of " + total + " " + node.name() + " " + result.status());
                }
            }
        }).load()) {
            results = kiln.build(Selection.ALL);
        }
        assertThat(results.exitCode()).isEqualTo(1); // order_total failed
        assertThat(lines).containsExactly("1 of 2 shop.on-run-start.0 SUCCESS", "2 of 2 shop.on-run-start.1 SUCCESS",
                "1 of 2 shop.on-run-end.0 SUCCESS", "2 of 2 shop.on-run-end.1 SUCCESS");
        assertThat(rows("select id || '=' || status from audit.results order by id"))
                .containsExactly("order_total=error", "orders=success", "plans=success");
        JsonNode runResults = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile());
        List<String> ids = new ArrayList<>();
        runResults.get("results").forEach(r -> ids.add(r.get("unique_id").asText() + ":" + r.get("status").asText()));
        assertThat(ids).endsWith("operation.shop.shop-on-run-end-0:success", "operation.shop.shop-on-run-end-1:success");
    }

    @Test
    void aFailingOnRunStartSkipsEveryNodeAndAFailingOnRunEndFailsTheCommand() throws Exception {
        project("""
                on-run-start: "select * from no_such_table"
                on-run-end: "select * from also_missing"
                """).file("models/schema.yml", "version: 2\n");
        RunResults results;
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            results = kiln.run(Selection.ALL);
        }
        assertThat(results.results()).extracting(r -> r.uniqueId() + ":" + r.status()).containsExactly(
                "operation.shop.shop-on-run-start-0:ERROR", "model.shop.orders:SKIPPED",
                "model.shop.order_total:SKIPPED", "operation.shop.shop-on-run-end-0:ERROR");
        assertThat(results.results().get(0).message()).contains("on-run-start hook 1").contains("kiln.yml")
                .contains("no_such_table");
        assertThat(results.exitCode()).isEqualTo(1);
    }

    @Test
    void aHookThatDoesNotParseStopsTheCompile() {
        project(START).file("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    config:
                      post_hook: "insert into x values (${this)"
                """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThatThrownBy(kiln::compile).isInstanceOf(KilnException.class)
                    .satisfies(e -> assertThat(((KilnException) e).diagnostics().toString())
                            .contains("models/orders.sql").contains("post_hook 1 of model 'orders' does not parse"));
        }
    }

    @Test
    void aHookOfTheWrongShapeIsAnErrorAtItsNode() {
        project(START).file("models/schema.yml", """
                version: 2
                models:
                  - name: orders
                    config:
                      post_hook: [{statement: "select 1"}]
                """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThatThrownBy(kiln::compile).isInstanceOf(KilnException.class)
                    .satisfies(e -> assertThat(((KilnException) e).diagnostics().toString())
                            .contains("post_hook of model 'orders'").contains("{sql: '…', transaction: true|false}"));
        }
    }

    private List<String> log() throws Exception {
        return rows("select event from audit.log order by rowid");
    }

    private List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/shop.duckdb"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private boolean tableExists(String name) throws Exception {
        return !rows("select table_name from information_schema.tables where table_name = '" + name + "'").isEmpty();
    }
}
