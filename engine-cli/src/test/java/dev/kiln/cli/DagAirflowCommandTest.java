package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kiln dag airflow}: the generated file is parsed by Python's own parser (python3, ast)
 * and its task groups, commands, retries and edges are checked against Kiln's DAG.
 */
class DagAirflowCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static TempProject shop(Path dir) {
        return TempProject.create(dir, "shop", "ansi")
                .file("kiln.yml", """
                        name: shop
                        version: 1.0.0
                        models:
                          +materialized: view
                          staging:
                            +schema: staging
                        airflow:
                          dag_id: shop_daily
                          schedule: "0 5 * * *"
                          start_date: '2026-11-01'
                          retries: 3
                          retry_delay: 120
                          tags: [shop, kiln]
                          ecs:
                            cluster: analytics
                            task_definition: kiln-shop:7
                            subnets: [subnet-a, subnet-b]
                            log_group: /ecs/kiln
                        targets:
                          dev: {type: ansi}
                        """)
                .file("seeds/plans.csv", "plan_id,name\n1,free\n")
                .file("models/staging/schema.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: users
                                columns:
                                  - name: id
                                    data_tests: [not_null]
                              - name: orders
                        models:
                          - name: stg_users
                            columns:
                              - name: id
                                data_tests: [unique]
                          - name: stg_orders
                            columns:
                              - name: user_id
                                data_tests:
                                  - relationships: {to: ref('stg_users'), field: id}
                          - name: orders_by_plan
                            columns:
                              - name: plan_id
                                data_tests: [not_null]
                        """)
                .file("models/staging/stg_users.sql", "select id, plan_id from ${source('raw', 'users')}\n")
                .file("models/staging/stg_orders.sql", "select id, user_id from ${source('raw', 'orders')}\n")
                .file("models/staging/orders_base.sql", """
                        <@config materialized="ephemeral" />
                        select user_id from ${ref('stg_orders')}
                        """)
                .file("models/marts/orders_by_plan.sql", """
                        select u.plan_id, count(*) as orders
                        from ${ref('orders_base')} o join ${ref('stg_users')} u on u.id = o.user_id
                        join ${ref('plans')} p on p.plan_id = u.plan_id
                        group by 1
                        """);
    }

    @Test
    void theDagFileParsesAndFollowsKilnsDag() throws Exception {
        TempProject p = shop(dir);
        CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow", "--target", "dev");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode shape = shape(run.out());

        assertThat(shape.get("imports").toString()).contains("airflow.providers.amazon.aws.operators.ecs.EcsRunTaskOperator",
                "airflow.utils.task_group.TaskGroup");
        JsonNode dag = shape.get("dag");
        assertThat(dag.get("dag_id").asText()).isEqualTo("shop_daily");
        assertThat(dag.get("schedule").asText()).isEqualTo("0 5 * * *");
        assertThat(dag.get("start_date").get("expr").asText()).isEqualTo("datetime(2026, 11, 1)");
        assertThat(dag.get("tags").toString()).isEqualTo("[\"shop\",\"kiln\"]");
        JsonNode c = shape.get("constants");
        assertThat(c.get("RETRIES").asInt()).isEqualTo(3);
        assertThat(c.get("RETRY_DELAY").get("expr").asText()).isEqualTo("timedelta(seconds=120)");
        assertThat(c.get("CLUSTER").asText()).isEqualTo("analytics");
        assertThat(c.get("TASK_DEFINITION").asText()).isEqualTo("kiln-shop:7");
        assertThat(c.get("SUBNETS").toString()).isEqualTo("[\"subnet-a\",\"subnet-b\"]");
        assertThat(c.get("LOG_GROUP").asText()).isEqualTo("/ecs/kiln");
        assertThat(c.get("KILN_OPTIONS").toString()).isEqualTo("[\"--target\",\"dev\"]");
        // not configured: read from the environment when Airflow parses the file
        assertThat(c.get("SECURITY_GROUPS").get("expr").asText()).contains("KILN_ECS_SECURITY_GROUPS");

        JsonNode groups = shape.get("groups");
        String relationships = names(groups).stream().filter(g -> g.startsWith("test_relationships_stg_orders_user_id"))
                .findFirst().orElseThrow();
        assertThat(names(groups)).containsExactlyInAnyOrder("plans", "stg_users", "stg_orders", "orders_by_plan",
                "source_tests", relationships);
        // the ephemeral model is inlined: no task of its own
        assertThat(run.out()).doesNotContain("\"orders_base\"");

        // a build task per node, retried; its tests in a test task after it, never retried
        JsonNode users = groups.get("stg_users").get("tasks");
        assertThat(users.get("build").get("command").toString()).isEqualTo(
                "[\"build\",\"--select\",\"stg_users\",\"--exclude\",\"resource_type:test\",\"resource_type:unit_test\"]");
        assertThat(users.get("build").get("retries").asText()).isEqualTo("RETRIES");
        assertThat(users.get("test").get("command").toString()).isEqualTo("[\"test\",\"--select\",\"unique_stg_users_id\"]");
        assertThat(users.get("test").get("retries").asInt()).isZero();
        assertThat(groups.get("stg_users").get("order").toString()).isEqualTo("[[\"build\",\"test\"]]");
        assertThat(groups.get("plans").get("tasks").has("test")).isFalse();
        assertThat(groups.get("source_tests").get("tasks").has("build")).isFalse();
        assertThat(groups.get("source_tests").get("tasks").get("test").get("retries").asInt()).isZero();
        assertThat(groups.get(relationships).get("tasks").get("test").get("retries").asInt()).isZero();

        Set<List<String>> edges = edges(shape);
        assertThat(edges).containsExactlyInAnyOrder(
                List.of("plans", "orders_by_plan"), List.of("stg_users", "orders_by_plan"),
                List.of("stg_orders", "orders_by_plan"), // through the ephemeral orders_base
                List.of("stg_orders", relationships), List.of("stg_users", relationships));

        // against Kiln's own DAG: every edge joins a node to one of its ancestors, and every
        // direct dependency between two built nodes is an edge
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            CompiledProject compiled = kiln.compile();
            Map<String, CompiledNode> byName = compiled.nodes().stream()
                    .collect(Collectors.toMap(CompiledNode::name, n -> n, (a, b) -> a));
            for (List<String> e : edges) {
                if (!e.get(1).equals(relationships)) {
                    assertThat(compiled.ancestors(byName.get(e.get(1)).uniqueId(), -1))
                            .contains(byName.get(e.get(0)).uniqueId());
                }
            }
            Set<String> built = Set.of("plans", "stg_users", "stg_orders", "orders_by_plan");
            for (String name : built) {
                for (String parent : compiled.parents(byName.get(name).uniqueId())) {
                    compiled.node(parent).filter(n -> built.contains(n.name()))
                            .ifPresent(n -> assertThat(edges).contains(List.of(n.name(), name)));
                }
            }
        }
    }

    @Test
    void theSameProjectGivesTheSameFileByteForByte() throws Exception {
        TempProject p = shop(dir);
        CliRun first = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow");
        CliRun second = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow");
        Path file = dir.resolve("dags/shop.py");
        CliRun written = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow", "-o", file.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(written.exitCode()).as(written.toString()).isZero();
        assertThat(Files.readString(file)).isEqualTo(first.out());
        assertThat(first.out()).matches("[\\x00-\\x7f]*");
    }

    @Test
    void optionsOverrideKilnYmlAndUnsetEcsSettingsComeFromAirflowsEnvironment() throws Exception {
        TempProject p = TempProject.create(dir, "tiny", "ansi")
                .file("kiln.yml", "name: tiny\nversion: 1.0.0\ntargets:\n  dev: {type: ansi}\n")
                .file("models/a.sql", "select 1 as x\n");
        CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow", "--cluster", "c1",
                "--subnets", "s-1,s-2", "--schedule", "@daily", "--retries", "1", "--container-project-dir", "/project",
                "--vars", "{as_of: '2026-11-01', n: 3}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode shape = shape(run.out());
        JsonNode c = shape.get("constants");
        assertThat(c.get("CLUSTER").asText()).isEqualTo("c1");
        assertThat(c.get("SUBNETS").toString()).isEqualTo("[\"s-1\",\"s-2\"]");
        assertThat(c.get("TASK_DEFINITION").get("expr").asText()).isEqualTo("os.environ['KILN_ECS_TASK_DEFINITION']");
        assertThat(c.get("CONTAINER").get("expr").asText()).isEqualTo("os.environ.get('KILN_ECS_CONTAINER', 'kiln')");
        assertThat(c.get("RETRIES").asInt()).isEqualTo(1);
        assertThat(c.get("KILN_OPTIONS").toString())
                .isEqualTo("[\"--vars\",\"{\\\"as_of\\\":\\\"2026-11-01\\\",\\\"n\\\":3}\",\"--project-dir\",\"/project\"]");
        assertThat(shape.get("dag").get("dag_id").asText()).isEqualTo("tiny");
        assertThat(shape.get("dag").get("schedule").asText()).isEqualTo("@daily");
        assertThat(shape.get("dag").get("start_date").get("expr").asText()).isEqualTo("datetime(2024, 1, 1)");
    }

    @Test
    void groupingByFolderOrTagFollowsTheFoldersAndTags() throws Exception {
        TempProject p = shop(dir);
        CliRun byFolder = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow", "--group-by", "folder");
        assertThat(byFolder.exitCode()).as(byFolder.toString()).isZero();
        JsonNode shape = shape(byFolder.out());
        assertThat(names(shape.get("groups"))).containsExactlyInAnyOrder("seeds", "staging", "marts", "source_tests");
        assertThat(shape.get("groups").get("staging").get("tasks").get("build").get("command").toString())
                .startsWith("[\"build\",\"--select\",\"stg_orders\",\"stg_users\"");
        // the relationships test joins staging, the one folder of both its models
        assertThat(shape.get("groups").get("staging").get("tasks").get("test").get("command").toString())
                .contains("relationships_stg_orders_user_id", "unique_stg_users_id");
        assertThat(edges(shape)).containsExactlyInAnyOrder(List.of("seeds", "marts"), List.of("staging", "marts"));

        CliRun byTag = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow", "--group-by", "tag");
        assertThat(byTag.exitCode()).as(byTag.toString()).isZero();
        assertThat(names(shape(byTag.out()).get("groups"))).containsExactlyInAnyOrder("untagged", "source_tests");
    }

    @Test
    void foldersThatDependOnEachOtherBothWaysAreRefusedWithTheNodesThatCauseIt() {
        TempProject p = TempProject.create(dir, "loop", "ansi")
                .file("kiln.yml", "name: loop\nversion: 1.0.0\ntargets:\n  dev: {type: ansi}\n")
                .file("models/x/a.sql", "select 1 as id\n")
                .file("models/y/b.sql", "select * from ${ref('a')}\n")
                .file("models/x/c.sql", "select * from ${ref('b')}\n");
        CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow", "--group-by", "folder");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("cycle", "x → y (a → b)", "y → x (b → c)", "--group-by node");
        assertThat(CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow").exitCode()).isZero();
    }

    @Test
    void aMistakeInTheAirflowSectionIsReportedAtItsKey() {
        TempProject p = TempProject.create(dir, "bad", "ansi")
                .file("kiln.yml", """
                        name: bad
                        version: 1.0.0
                        airflow:
                          schedulee: '@daily'
                          start_date: yesterday
                          group_by: team
                        targets:
                          dev: {type: ansi}
                        """)
                .file("models/a.sql", "select 1 as x\n");
        CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "dag", "airflow");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("kiln.yml:4:3", "Unknown key 'schedulee'", "schedule")
                .contains("kiln.yml:5:15", "YYYY-MM-DD")
                .contains("kiln.yml:6:13", "node, folder, tag");
    }

    /** The DAG file's shape, as Python's ast sees it. */
    static JsonNode shape(String python) throws Exception {
        Path file = Files.createTempFile("kiln-dag", ".py");
        try {
            Files.writeString(file, python, StandardCharsets.US_ASCII);
            Path script = Path.of(DagAirflowCommandTest.class.getResource("/airflow_dag_shape.py").toURI());
            Process proc = new ProcessBuilder("python3", script.toString(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).as("python3 could not parse the DAG file:\n" + python).isZero();
            return JSON.readTree(out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Set<String> names(JsonNode groups) {
        Set<String> out = new TreeSet<>();
        groups.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<List<String>> edges(JsonNode shape) {
        Set<List<String>> out = new HashSet<>();
        shape.get("edges").forEach(e -> out.add(List.of(e.get(0).asText(), e.get(1).asText())));
        return out;
    }
}
