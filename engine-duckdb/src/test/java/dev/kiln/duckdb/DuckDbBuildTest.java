package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunOptions;
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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole projects built on a real DuckDB file. */
class DuckDbBuildTest {

    @TempDir
    Path dir;

    private TempProject shop() throws Exception {
        TempProject p = TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          staging: {+schema: staging}
                          marts: {+schema: analytics, +materialized: table}
                        seeds:
                          +schema: raw
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 2}
                        """)
                .file("seeds/plans.csv", "plan_id,name,monthly_limit\n1,free,5\n2,premium,50\n")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: users
                                external_location: data/users.parquet
                        """)
                .file("models/staging/stg_users.sql", "select user_id, lower(plan) as plan from ${source('raw', 'users')}\n")
                .file("models/staging/active_users.sql", "<@config materialized='ephemeral'/>\nselect * from ${ref('stg_users')} where user_id > 0\n")
                .file("models/marts/dim_users.sql", """
                        select u.user_id, u.plan, p.monthly_limit
                        from ${ref('active_users')} u
                        left join ${ref('plans')} p on p.name = u.plan
                        """)
                .file("models/marts/user_count.sql", "select count(*) as n from ${ref('dim_users')}\n")
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                              - name: plan
                                data_tests:
                                  - accepted_values: {values: [free, premium]}
                              - name: monthly_limit
                                data_tests:
                                  - not_null: {config: {severity: warn}}
                        """);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            java.nio.file.Files.createDirectories(dir.resolve("data"));
            st.execute("copy (select * from (values (1, 'FREE'), (2, 'Premium'), (3, 'enterprise')) v(user_id, plan)) to '"
                    + dir.resolve("data/users.parquet") + "' (format parquet)");
        }
        return p;
    }

    private static Map<String, NodeResult> byName(RunResults r) {
        return r.results().stream().collect(Collectors.toMap(n -> n.uniqueId().substring(n.uniqueId().lastIndexOf('.') + 1),
                Function.identity()));
    }

    private Object scalar(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/shop.duckdb"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @Test
    void aProjectThatDoesNotCompileNeverOpensTheDatabase() throws Exception {
        TempProject p = shop().file("models/marts/broken.sql", "select * from ${ref('no_such_model')}\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> kiln.build(Selection.ALL))
                    .isInstanceOfSatisfying(dev.kiln.KilnException.class,
                            e -> assertThat(e.describe()).contains("no_such_model"));
        }
        assertThat(dir.resolve("target/shop.duckdb")).doesNotExist();
    }

    @Test
    void buildRunsSeedsModelsAndTestsAndAFailingTestSkipsDownstream() throws Exception {
        shop();
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            Map<String, NodeResult> res = byName(r);
            assertThat(res.get("plans").status()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(res.get("plans").rowsAffected()).isEqualTo(2);
            assertThat(res.get("stg_users").status()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(res.get("dim_users").status()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(res.get("dim_users").rowsAffected()).isEqualTo(3);
            assertThat(res).doesNotContainKey("active_users"); // ephemeral: inlined, not run
            assertThat(res.get("unique_dim_users_user_id").status()).isEqualTo(NodeStatus.PASS);
            assertThat(res.get("accepted_values_dim_users_plan__free__premium").status()).isEqualTo(NodeStatus.FAIL);
            assertThat(res.get("accepted_values_dim_users_plan__free__premium").failures()).isEqualTo(1);
            assertThat(res.get("not_null_dim_users_monthly_limit").status()).isEqualTo(NodeStatus.WARN);
            assertThat(res.get("user_count").status()).isEqualTo(NodeStatus.SKIPPED);
            assertThat(res.get("user_count").message()).contains("dim_users");
            assertThat(r.exitCode()).isEqualTo(1);
        }
        assertThat(scalar("select count(*) from analytics.dim_users")).isEqualTo(3L);
        assertThat(scalar("select table_type from information_schema.tables where table_name = 'stg_users'")).isEqualTo("VIEW");
        JsonNode runResults = new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile());
        assertThat(runResults.path("results")).hasSize(8);
        assertThat(runResults.path("args").path("which").asText()).isEqualTo("build");
    }

    @Test
    void retryRerunsOnlyWhatFailedOrWasSkipped() throws Exception {
        shop();
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.build(Selection.ALL);
        }
        new TempProject(dir).file("models/marts/schema.yml", """
                version: 2
                models:
                  - name: dim_users
                    columns:
                      - name: plan
                        data_tests:
                          - accepted_values: {values: [free, premium, enterprise]}
                """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.retry(RunOptions.DEFAULTS);
            assertThat(byName(r).keySet()).containsExactly("user_count");
            assertThat(r.success()).isTrue();
        }
    }

    @Test
    void aFailingModelKeepsThePreviousTableWhole() throws Exception {
        shop();
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.seed(Selection.ALL);
            assertThat(kiln.run(Selection.parse("+dim_users")).success()).isTrue();
        }
        new TempProject(dir).file("models/marts/dim_users.sql", "select user_id from ${ref('stg_users')} where cast(plan as integer) > 0\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.run(Selection.parse("dim_users"));
            assertThat(r.results()).singleElement().satisfies(n -> {
                assertThat(n.status()).isEqualTo(NodeStatus.ERROR);
                assertThat(n.message()).containsIgnoringCase("conversion");
            });
        }
        assertThat(scalar("select count(*) from analytics.dim_users")).isEqualTo(3L);
        assertThat(scalar("select count(*) from information_schema.tables where contains(table_name, 'kiln_tmp')")).isEqualTo(0L);
    }

    @Test
    void testsCanStoreFailuresAndFilterWithWhere() throws Exception {
        shop().file("models/marts/schema.yml", """
                version: 2
                models:
                  - name: dim_users
                    columns:
                      - name: plan
                        data_tests:
                          - accepted_values:
                              values: [free, premium]
                              config: {store_failures: true}
                          - not_null:
                              config: {where: "user_id > 100"}
                """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.parse("+dim_users+"));
            assertThat(byName(r).get("not_null_dim_users_plan").status()).isEqualTo(NodeStatus.PASS);
            assertThat(byName(r).get("accepted_values_dim_users_plan__free__premium").message())
                    .contains("kiln_test__audit.accepted_values_dim_users_plan__free__premium");
        }
        assertThat(scalar("select value_field from kiln_test__audit.accepted_values_dim_users_plan__free__premium"))
                .isEqualTo("enterprise");
    }

    @Test
    void showPreviewsAModelAndPlanIsInspectable() throws Exception {
        shop();
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.seed(Selection.ALL);
            var rows = kiln.show(Selection.parse("stg_users"), 2);
            assertThat(rows.columns()).containsExactly("user_id", "plan");
            assertThat(rows.rows()).hasSize(2);
            assertThat(rows.truncated()).isTrue();
            var plan = kiln.plan(Command.BUILD, Selection.parse("dim_users+"));
            assertThat(plan.steps()).extracting(s -> s.node().name()).first().isEqualTo("dim_users");
            var userCount = plan.steps().stream().filter(s -> s.node().name().equals("user_count")).findFirst().orElseThrow();
            assertThat(userCount.waitsFor()).contains("model.shop.dim_users", "test.shop.unique_dim_users_user_id");
        }
    }

    @Test
    void failFastSkipsEverythingNotStarted() throws Exception {
        shop().file("models/staging/stg_users.sql", "select * from nowhere_table\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).threads(1).load()) {
            RunResults r = kiln.execute(Command.BUILD, Selection.ALL, RunOptions.DEFAULTS.withFailFast(true));
            assertThat(r.counts().get(NodeStatus.ERROR)).isEqualTo(1);
            assertThat(r.counts().get(NodeStatus.SUCCESS) + r.counts().get(NodeStatus.ERROR)
                    + r.counts().get(NodeStatus.SKIPPED)).isEqualTo(r.results().size());
        }
    }

    @Test
    void parallelNodesCreateTheirSharedSchemaOnce() {
        TempProject p = TempProject.create(dir, "par", "duckdb")
                .file("kiln.yml", "name: par\nseeds: {+schema: raw}\nmodels: {+schema: wide, +materialized: table}\n"
                        + "targets: {dev: {type: duckdb, path: target/par.duckdb, threads: 4}}\n");
        for (int i = 0; i < 8; i++) {
            p.file("seeds/s" + i + ".csv", "id\n" + i + "\n");
            p.file("models/m" + i + ".sql", "select * from ${ref('s" + i + "')}\n");
        }
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.results()).hasSize(16).allSatisfy(n -> assertThat(n.status()).isEqualTo(NodeStatus.SUCCESS));
        }
    }

    @Test
    void aRelationshipsTestToADownstreamModelDoesNotHoldThatModelBack() {
        TempProject.create(dir, "rel", "duckdb")
                .file("kiln.yml", "name: rel\nmodels: {+materialized: table}\n"
                        + "targets: {dev: {type: duckdb, path: target/rel.duckdb, threads: 2}}\n")
                .file("models/fct_payments.sql", "select 1 as user_id, 10 as amount\n")
                .file("models/dim_users.sql", "select user_id, sum(amount) as total from ${ref('fct_payments')} group by 1\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: fct_payments
                            columns:
                              - name: user_id
                                data_tests:
                                  - relationships: {to: ref('dim_users'), field: user_id}
                        """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.results()).hasSize(3).allSatisfy(n -> assertThat(n.status()).isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
        }
    }
}
