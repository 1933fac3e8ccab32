package dev.kiln;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompileTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return TempProject.create(dir, "shop", "ansi");
    }

    private CompiledProject compile(TempProject p) {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).env(Map.of("SCHEMA", "env_schema")::get).load()) {
            return kiln.compile();
        }
    }

    @Test
    void thisAndRefInAConfigValueAreTheRelationsAsInTheSql() {
        TempProject p = project()
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: view
                        targets:
                          dev: {type: ansi}
                        """)
                .file("models/events.sql", "select 1 as id\n")
                .file("models/daily.sql", """
                        <@config materialized="incremental" unique_key="id"
                            incremental_predicates=["kiln_dest.id > (select min(id) from ${this})", "kiln_dest.id in (select id from ${ref('events')})"]
                            meta={"reads": "${ref('events')}"} />
                        select id from ${ref('events')}
                        """);
        CompiledNode daily = compile(p).node("model.shop.daily").orElseThrow();
        assertThat(daily.config().values().get("incremental_predicates")).isEqualTo(java.util.List.of(
                "kiln_dest.id > (select min(id) from \"main\".\"daily\")",
                "kiln_dest.id in (select id from \"main\".\"events\")"));
        assertThat(daily.config().values().get("meta")).isEqualTo(Map.of("reads", "\"main\".\"events\""));
        assertThat(daily.compiledSql()).isEqualTo("select id from \"main\".\"events\"\n");
    }

    @Test
    void rendersRefsSourcesConfigAndVars() {
        TempProject p = project()
                .file("kiln.yml", """
                        name: shop
                        vars: {limit: 1000, region: eu}
                        models:
                          +materialized: view
                          staging:
                            +schema: staging
                        targets:
                          dev: {type: ansi}
                        """)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: orders
                        """)
                .file("models/staging/stg_orders.sql", """
                        <@config materialized="table" tags=["daily"] />
                        select * from ${source('raw', 'orders')} where amount < ${var('limit')} and region = '${var('region')}'
                        """)
                .file("models/marts/orders_by_day.sql", "select count(*) from ${ref('stg_orders')} -- ${this}\n");
        CompiledProject c = compile(p);
        CompiledNode stg = c.node("model.shop.stg_orders").orElseThrow();
        assertThat(stg.compiledSql()).contains("select * from \"raw\".\"orders\" where amount < 1000 and region = 'eu'");
        assertThat(stg.config().materialized()).isEqualTo("table");
        assertThat(stg.config().tags()).containsExactly("daily");
        assertThat(stg.relation()).isEqualTo(Relation.of("staging", "stg_orders"));
        CompiledNode marts = c.node("model.shop.orders_by_day").orElseThrow();
        assertThat(marts.compiledSql()).isEqualTo("select count(*) from \"staging\".\"stg_orders\" -- \"main\".\"orders_by_day\"\n");
        assertThat(marts.dependsOn()).containsExactly("model.shop.stg_orders");
        assertThat(c.parents("model.shop.orders_by_day")).containsExactly("model.shop.stg_orders");
    }

    @Test
    void envVarWorksInFolderConfigAndInProjectYaml() {
        TempProject p = project()
                .file("kiln.yml", """
                        name: shop
                        models:
                          staging: {+schema: "${env_var('SCHEMA')}"}
                        targets:
                          dev: {type: ansi}
                        """)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: "${env_var('RAW_SCHEMA', 'landing')}"
                            tables:
                              - name: orders
                        """)
                .file("models/staging/stg_orders.sql", "select * from ${source('raw', 'orders')}\n");
        CompiledNode stg = compile(p).node("model.shop.stg_orders").orElseThrow();
        assertThat(stg.relation()).isEqualTo(Relation.of("env_schema", "stg_orders"));
        assertThat(stg.compiledSql()).contains("\"landing\".\"orders\"");
    }

    @Test
    void anUnsetEnvVarInProjectYamlIsAnErrorAtItsLine() {
        TempProject p = project()
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: "${env_var('NOT_SET_ANYWHERE')}"
                            tables: [{name: orders}]
                        """)
                .file("models/m.sql", "select * from ${source('raw', 'orders')}\n");
        assertThatThrownBy(() -> compile(p)).isInstanceOfSatisfying(KilnException.class, e ->
                assertThat(e.describe()).contains("models/sources.yml:4").contains("NOT_SET_ANYWHERE"));
    }

    @Test
    void findsModelsInNestedAndLinkedFoldersButNotInHiddenOnes() throws java.io.IOException {
        TempProject p = project()
                .file("models/staging/deep/a.sql", "select 1 as id\n")
                .file("models/.scratch/draft.sql", "select 2 as id\n")
                .file("models/.hidden.sql", "select 3 as id\n")
                .file("shared/b.sql", "select * from ${ref('a')}\n");
        java.nio.file.Files.createSymbolicLink(p.root().resolve("models/linked"), p.root().resolve("shared"));
        java.nio.file.Files.createSymbolicLink(p.root().resolve("shared/back"), p.root().resolve("shared")); // a loop
        CompiledProject compiled = compile(p);
        assertThat(compiled.nodes()).extracting(CompiledNode::uniqueId)
                .containsExactlyInAnyOrder("model.shop.a", "model.shop.b");
        assertThat(compiled.node("model.shop.b").orElseThrow().node().origin().path()).isEqualTo(Path.of("models/linked/b.sql"));
    }

    @Test
    void inlinesEphemeralModelsAsCtes() {
        TempProject p = project()
                .file("models/base.sql", "<@config materialized='ephemeral'/>select 1 as id\n")
                .file("models/mid.sql", "<@config materialized='ephemeral'/>with x as (select * from ${ref('base')}) select * from x\n")
                .file("models/top.sql", "-- top\nwith y as (select * from ${ref('mid')}) select * from y join ${ref('base')} using (id)\n");
        CompiledNode top = compile(p).node("model.shop.top").orElseThrow();
        assertThat(top.compiledSql()).isEqualTo("""
                -- top
                with __kiln_cte__base as (
                select 1 as id
                ),
                __kiln_cte__mid as (
                with x as (select * from __kiln_cte__base) select * from x
                ),
                y as (select * from __kiln_cte__mid) select * from y join __kiln_cte__base using (id)
                """);
        assertThat(compile(p).node("model.shop.base").orElseThrow().relation()).isNull();
    }

    @Test
    void numbersRenderWithoutGroupingAndTextIsNotEscaped() {
        TempProject p = project().file("models/m.sql", "select ${1000000} as n, '${\"<a&b>\"}' as s, ${1.5} as f\n");
        assertThat(compile(p).node("model.shop.m").orElseThrow().compiledSql())
                .isEqualTo("select 1000000 as n, '<a&b>' as s, 1.5 as f\n");
    }

    @Test
    void macrosAreAutoIncluded() {
        TempProject p = project()
                .file("macros/money.ftl", "<#function cents_to_dollars col>\n<#return \"(\" + col + \" / 100.0)\">\n</#function>\n")
                .file("models/m.sql", "select ${cents_to_dollars('amount')} as dollars, ${dateadd('day', 7, 'created_at')} as d\n");
        assertThat(compile(p).node("model.shop.m").orElseThrow().compiledSql())
                .isEqualTo("select (amount / 100.0) as dollars, (created_at + interval '7' day) as d\n");
    }

    @Test
    void unknownRefIsReportedAtTheModelLineWithASuggestion() {
        TempProject p = project()
                .file("models/stg_users.sql", "select 1 as user_id\n")
                .file("models/dim.sql", "select *\nfrom ${ref('stg_user')}\n");
        assertThatThrownBy(() -> compile(p)).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROJECT_INVALID);
            assertThat(e.diagnostics()).hasSize(1);
            Diagnostic d = e.diagnostics().get(0);
            assertThat(d.position().toString()).isEqualTo("models/dim.sql:2:6");
            assertThat(d.message()).contains("ref('stg_user')");
            assertThat(d.hint()).isEqualTo("Did you mean 'stg_users'?");
        });
    }

    @Test
    void templateSyntaxErrorPointsAtTheLine() {
        TempProject p = project().file("models/m.sql", "select 1\n<#if true>\nselect 2\n");
        assertThatThrownBy(() -> compile(p)).isInstanceOfSatisfying(KilnException.class, e ->
                assertThat(e.diagnostics().get(0).position().file().toString()).isEqualTo("models/m.sql"));
    }

    @Test
    void cycleListsEveryNodeInOrder() {
        TempProject p = project()
                .file("models/a.sql", "select * from ${ref('c')}\n")
                .file("models/b.sql", "select * from ${ref('a')}\n")
                .file("models/c.sql", "select * from ${ref('b')}\n");
        assertThatThrownBy(() -> compile(p)).isInstanceOfSatisfying(KilnException.class, e ->
                assertThat(e.diagnostics()).singleElement().satisfies(d ->
                        assertThat(d.message()).isEqualTo("Dependency cycle: a → b → c → a.")));
    }

    @Test
    void genericTestsCompileAgainstTheirModel() {
        TempProject p = project()
                .file("models/users.sql", "select 1 as user_id, 'free' as plan\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                              - name: plan
                                data_tests:
                                  - accepted_values: {values: [free, premium], config: {severity: warn}}
                        """);
        CompiledProject c = compile(p);
        CompiledNode av = c.node("test.shop.accepted_values_users_plan__free__premium").orElseThrow();
        assertThat(av.compiledSql()).contains("from \"main\".\"users\"").contains("not in ('free', 'premium')");
        assertThat(av.config().string("severity")).contains("warn");
        assertThat(av.dependsOn()).containsExactly("model.shop.users");
        assertThat(c.node("test.shop.not_null_users_user_id")).isPresent();
        assertThat(c.children("model.shop.users")).hasSize(3);
    }
}
