package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.KilnException;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Relation;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Slim CI on a real DuckDB file: production is built into schema {@code prod} and its target
 * directory kept as state; then one model changes and {@code state:modified+} is built with
 * {@code --defer} into schema {@code ci} of the same file, reading the unchanged upstream
 * relations from {@code prod}.
 */
class DeferTest {

    private static final String DIM_USERS_V2 = """
            select u.user_id, u.plan, p.plan_id, upper(u.plan) as plan_code
            from ${ref('known_users')} u
            left join ${ref('plans')} p on p.name = u.plan
            """;

    @TempDir
    Path dir;
    private TempProject project;

    @BeforeEach
    void buildProduction() {
        project = TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                        targets:
                          prod: {type: duckdb, path: target/shop.duckdb, schema: prod, threads: 2}
                          ci: {type: duckdb, path: target/shop.duckdb, schema: ci, threads: 2}
                        default-target: prod
                        """)
                .file("seeds/plans.csv", "plan_id,name\n1,free\n2,premium\n")
                .file("models/stg_users.sql", """
                        select * from (values (1, 'free'), (2, 'premium'), (3, 'free'), (null, 'free')) v(user_id, plan)
                        """)
                .file("models/known_users.sql", """
                        <@config materialized='ephemeral' />
                        select * from ${ref('stg_users')} where user_id is not null
                        """)
                .file("models/dim_users.sql", """
                        select u.user_id, u.plan, p.plan_id
                        from ${ref('known_users')} u
                        left join ${ref('plans')} p on p.name = u.plan
                        """)
                .file("models/plan_counts.sql", "select plan, count(*) as n from ${ref('dim_users')} group by plan\n")
                .file("models/user_total.sql", "select count(*) as n from ${ref('stg_users')}\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                        """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("prod").targetPath(Path.of("prod-state")).load()) {
            RunResults prod = kiln.build(Selection.ALL);
            assertThat(prod.success()).as("%s", prod.results()).isTrue();
        }
        assertThat(dir.resolve("prod-state/manifest.json")).exists();
        assertThat(dir.resolve("target/manifest.json")).doesNotExist();
        project.file("models/dim_users.sql", DIM_USERS_V2); // the pull request's change
    }

    private KilnBuilder ci() {
        return Kiln.configure().projectDir(dir).target("ci").state(dir.resolve("prod-state"))
                .targetPath(Path.of("ci-state"));
    }

    @Test
    void buildsOnlyTheChangeReadingUnchangedUpstreamFromProduction() throws Exception {
        RunResults run;
        try (Kiln kiln = ci().defer(true).load()) {
            run = kiln.build(Selection.parse("state:modified+"));
        }
        assertThat(run.success()).as("%s", run.results()).isTrue();
        assertThat(names(run)).containsExactlyInAnyOrder("dim_users", "plan_counts", "unique_dim_users_user_id",
                "not_null_dim_users_user_id");
        assertThat(tables("ci")).containsExactly("dim_users", "plan_counts");

        String compiled = Files.readString(dir.resolve("ci-state/compiled/shop/models/dim_users.sql"));
        assertThat(compiled).contains("from \"shop\".\"prod\".\"stg_users\" where user_id is not null")
                .contains("left join \"shop\".\"prod\".\"plans\" p").doesNotContain("\"ci\"");
        assertThat(rows("select user_id, plan, plan_id, plan_code from ci.dim_users order by user_id"))
                .containsExactly("1|free|1|FREE", "2|premium|2|PREMIUM", "3|free|1|FREE");
        assertThat(rows("select plan, n from ci.plan_counts order by plan")).containsExactly("free|2", "premium|1");

        JsonNode manifest = new ObjectMapper().readTree(dir.resolve("ci-state/manifest.json").toFile()).get("nodes");
        assertThat(manifest.get("model.shop.dim_users").get("compiled_code").asText())
                .contains("\"shop\".\"prod\".\"stg_users\"");
        JsonNode deferred = manifest.get("model.shop.stg_users").get("defer_relation");
        assertThat(deferred.get("schema").asText()).isEqualTo("prod");
        assertThat(deferred.get("alias").asText()).isEqualTo("stg_users");
        assertThat(deferred.get("database").asText()).isEqualTo("shop"); // the DuckDB catalog
        assertThat(deferred.get("relation_name").asText()).isEqualTo("\"shop\".\"prod\".\"stg_users\"");
        assertThat(manifest.get("model.shop.stg_users").get("relation_name").asText())
                .isEqualTo("\"shop\".\"ci\".\"stg_users\"");
        assertThat(manifest.get("seed.shop.plans").has("defer_relation")).isTrue();
        assertThat(manifest.get("model.shop.dim_users").has("defer_relation")).isFalse();
        assertThat(manifest.get("model.shop.known_users").has("defer_relation")).isFalse();
        JsonNode args = new ObjectMapper().readTree(dir.resolve("ci-state/run_results.json").toFile()).get("args");
        assertThat(args.get("defer").asBoolean()).isTrue();
        assertThat(args.get("favor_state").asBoolean()).isFalse();
        // production's own artifacts are untouched
        assertThat(Files.readString(dir.resolve("prod-state/compiled/shop/models/dim_users.sql"))).doesNotContain("plan_code");
    }

    @Test
    void withoutDeferTheChangedModelFindsNothingUpstreamInItsTarget() throws Exception {
        RunResults run;
        try (Kiln kiln = ci().load()) {
            run = kiln.build(Selection.parse("state:modified+"));
        }
        assertThat(run.success()).isFalse();
        NodeResult dim = result(run, "dim_users");
        assertThat(dim.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(dim.message()).containsIgnoringCase("stg_users");
        assertThat(result(run, "plan_counts").status()).isEqualTo(NodeStatus.SKIPPED);
        assertThat(Files.readString(dir.resolve("ci-state/compiled/shop/models/dim_users.sql")))
                .contains("\"shop\".\"ci\".\"stg_users\"");
        assertThat(tables("ci")).isEmpty();
    }

    @Test
    void aRelationTheTargetHasIsReadThereUnlessFavorStateIsOn() throws Exception {
        try (Kiln kiln = ci().load()) { // the CI schema already has its own stg_users, with one user
            kiln.execute(dev.kiln.Command.RUN, Selection.parse("stg_users"), dev.kiln.RunOptions.DEFAULTS);
        }
        exec("create or replace table ci.stg_users as select 7 as user_id, 'premium' as plan");
        try (Kiln kiln = ci().defer(true).load()) {
            assertThat(kiln.run(Selection.parse("dim_users")).success()).isTrue();
            String sql = kiln.compile().node("model.shop.dim_users").orElseThrow().compiledSql();
            assertThat(sql).contains("\"shop\".\"ci\".\"stg_users\"").contains("\"shop\".\"prod\".\"plans\"");
            assertThat(kiln.compile().deferredRelation("seed.shop.plans")).contains(new Relation("shop", "prod", "plans"));
            assertThat(kiln.compile().deferredRelation("model.shop.stg_users")).isEmpty();
        }
        assertThat(rows("select user_id, plan_id from ci.dim_users")).containsExactly("7|2");

        try (Kiln kiln = ci().defer(true).favorState(true).load()) {
            assertThat(kiln.run(Selection.parse("dim_users")).success()).isTrue();
        }
        assertThat(rows("select user_id from ci.dim_users order by 1")).containsExactly("1", "2", "3");
    }

    @Test
    void showPreviewsTheChangeOnProductionData() {
        try (Kiln kiln = ci().defer(true).load()) {
            dev.kiln.QueryRows rows = kiln.show(Selection.parse("dim_users"), 10);
            assertThat(rows.columns()).contains("plan_code");
            assertThat(rows.rows()).hasSize(3);
        }
    }

    @Test
    void compileWithASelectionDefersWhatIsNotSelectedWithoutAskingTheWarehouse() throws Exception {
        try (Kiln kiln = ci().defer(true).load()) {
            var compiled = kiln.compile(Selection.parse("state:modified+"));
            assertThat(compiled.deferredRelations()).containsOnlyKeys("model.shop.stg_users", "seed.shop.plans");
            assertThat(compiled.node("model.shop.plan_counts").orElseThrow().compiledSql())
                    .contains("\"shop\".\"ci\".\"dim_users\""); // selected: built in this run, read here
        }
        assertThat(Files.readString(dir.resolve("ci-state/compiled/shop/models/dim_users.sql")))
                .contains("\"shop\".\"prod\".\"stg_users\"");
        assertThat(Files.exists(dir.resolve("target/shop.duckdb"))).isTrue();
    }

    @Test
    void deferNeedsState() {
        assertThatThrownBy(() -> Kiln.configure().projectDir(dir).target("ci").defer(true).load())
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("--defer needs --state DIR");
                });
        assertThatThrownBy(() -> ci().favorState(true).load())
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).contains("--favor-state only applies with --defer");
                });
    }

    @Test
    void aNodeTheStateLacksAndTheTargetDoesNotHaveIsAnErrorBeforeAnythingRuns() throws Exception {
        project.file("models/new_upstream.sql", "select 1 as user_id\n")
                .file("models/dim_users.sql", DIM_USERS_V2 + "union all select user_id, 'free', 1, 'FREE' from ${ref('new_upstream')}\n");
        try (Kiln kiln = ci().defer(true).load()) {
            assertThatThrownBy(() -> kiln.build(Selection.parse("dim_users")))
                    .isInstanceOfSatisfying(KilnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                        assertThat(e.getMessage()).contains("cannot be read from the --state run")
                                .contains(dir.resolve("prod-state/manifest.json").toString());
                        assertThat(e.diagnostics()).singleElement().satisfies(d -> {
                            assertThat(d.message()).isEqualTo("dim_users reads model 'new_upstream', which is not "
                                    + "selected, is not built in target 'ci', and " + dir.resolve("prod-state/manifest.json")
                                    + " has no model 'new_upstream'.");
                            assertThat(d.hint()).contains("Select it too (+dim_users)");
                            assertThat(d.position().toString()).startsWith("models/dim_users.sql");
                        });
                    });
        }
        assertThat(tables("ci")).isEmpty();

        List<Diagnostic> warnings = new ArrayList<>();
        KilnListener listener = new KilnListener() {
            @Override
            public void warnings(List<Diagnostic> found) {
                warnings.addAll(found);
            }
        };
        try (Kiln kiln = ci().defer(true).listener(listener).load()) { // offline: a warning, and its own relation
            String sql = kiln.compile(Selection.parse("dim_users")).node("model.shop.dim_users").orElseThrow().compiledSql();
            assertThat(sql).contains("\"shop\".\"ci\".\"new_upstream\"").contains("\"shop\".\"prod\".\"stg_users\"");
        }
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.message())
                .contains("keeps its relation in target 'ci'"));
    }

    private static List<String> names(RunResults run) {
        return run.results().stream().map(r -> r.uniqueId().substring(r.uniqueId().lastIndexOf('.') + 1)).toList();
    }

    private static NodeResult result(RunResults run, String name) {
        return run.results().stream().filter(r -> r.uniqueId().endsWith("." + name)).findFirst().orElseThrow();
    }

    private List<String> tables(String schema) throws Exception {
        return rows("select table_name from information_schema.tables where table_schema = '" + schema
                + "' order by table_name");
    }

    private void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/shop.duckdb"));
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private List<String> rows(String sql) throws Exception {
        return dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:" + dir.resolve("target/shop.duckdb"), sql);
    }
}
