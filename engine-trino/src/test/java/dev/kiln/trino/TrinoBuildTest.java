package dev.kiln.trino;

import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole project built twice on the real Trino through Kiln's public API ({@code type: trino}). */
class TrinoBuildTest {

    @TempDir
    Path dir;

    private TempProject shop(String prefix) {
        TrinoServer t = TrinoServer.shared();
        return new TempProject(dir)
                .file("kiln.yml", """
                        name: shop
                        models:
                          staging: {+schema: shop_staging}
                          marts: {+schema: shop_analytics, +materialized: table}
                        seeds:
                          +schema: shop_raw
                        snapshots:
                          +schema: shop_snapshots
                        targets:
                          dev: {type: trino, host: %s, port: %d, user: kiln, database: iceberg, schema: shop, threads: 2}
                        """.formatted(t.host(), t.port()).replace("shop_", prefix + "_"))
                .file("seeds/plans.csv", "plan_id,name,monthly_limit,launched_on\n1,free,5,2025-01-01\n2,premium,50,2025-06-01\n3,enterprise,,2026-01-01\n")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: app
                            schema: shop_src
                            tables: [{name: users}, {name: events}]
                        """)
                .file("models/staging/stg_users.sql", "select user_id, lower(plan) as plan, updated_at from ${source('app', 'users')}\n")
                .file("models/marts/dim_users.sql", """
                        <@config format="orc" partitioning=["plan"] />
                        select u.user_id, u.plan, p.monthly_limit
                        from ${ref('stg_users')} u
                        left join ${ref('plans')} p on p.name = u.plan
                        """)
                .file("models/marts/events_inc.sql", """
                        <@config materialized="incremental" unique_key="event_id" incremental_strategy="merge" />
                        select event_id, user_id, kind from ${source('app', 'events')}
                        <#if is_incremental()>
                        where event_id >= (select max(event_id) from ${this})
                        </#if>
                        """)
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: user_id
                                data_tests: [unique, not_null]
                              - name: plan
                                data_tests:
                                  - accepted_values: {values: [free, premium, enterprise]}
                        unit_tests:
                          - name: dim_users_joins_plans
                            model: dim_users
                            given:
                              - input: ref('stg_users')
                                rows: [{user_id: 7, plan: premium}]
                              - input: ref('plans')
                                rows: [{name: premium, monthly_limit: 50}]
                            expect:
                              rows: [{user_id: 7, plan: premium, monthly_limit: 50}]
                        """)
                .file("tests/no_event_without_user.sql", """
                        select e.event_id from ${ref('events_inc')} e
                        left join ${ref('dim_users')} u on u.user_id = e.user_id
                        where u.user_id is null
                        """)
                .file("snapshots/users_history.yml", """
                        snapshots:
                          - name: users_history
                            relation: source('app', 'users')
                            config: {unique_key: user_id, strategy: check, check_cols: [plan]}
                        """);
    }

    private static Map<String, NodeResult> byName(RunResults r) {
        return r.results().stream().collect(Collectors.toMap(n -> n.uniqueId().substring(n.uniqueId().lastIndexOf('.') + 1),
                Function.identity(), (a, b) -> a));
    }

    @Test
    void buildsSeedsModelsSnapshotsAndTestsThenBuildsIncrementallyOnTrino() throws Exception {
        Jdbc.execute("drop schema if exists iceberg.shop_src cascade", "create schema iceberg.shop_src",
                "create table iceberg.shop_src.users as select * from (values (1, 'FREE', 1), (2, 'Premium', 1),"
                        + " (3, 'enterprise', 1)) v(user_id, plan, updated_at)",
                "create table iceberg.shop_src.events as select * from (values (1, 1, 'login'), (2, 2, 'login'))"
                        + " v(event_id, user_id, kind)");
        shop("shop");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            Map<String, NodeResult> res = byName(kiln.build(Selection.ALL));
            assertThat(res.values()).allSatisfy(n -> assertThat(n.status()).as(n.uniqueId() + ": " + n.message())
                    .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
            assertThat(res.get("plans").rowsAffected()).isEqualTo(3);
            assertThat(res.get("dim_users").rowsAffected()).isEqualTo(3);
            assertThat(res.get("events_inc").rowsAffected()).isEqualTo(2);
            assertThat(res.get("dim_users").response()).containsKey("query_id");
            assertThat(res).containsKeys("unique_dim_users_user_id", "no_event_without_user", "dim_users_joins_plans",
                    "users_history");
        }
        assertThat(Jdbc.rows("select user_id, plan, monthly_limit from iceberg.shop_analytics.dim_users order by 1"))
                .containsExactly("1|free|5", "2|premium|50", "3|enterprise|null");
        assertThat(Jdbc.rows("select data_type from iceberg.information_schema.columns where table_schema = 'shop_raw'"
                + " and table_name = 'plans' order by ordinal_position")).containsExactly("integer", "varchar", "integer", "date");
        String ddl = String.valueOf(Jdbc.scalar("show create table iceberg.shop_analytics.dim_users"));
        assertThat(ddl).contains("format = 'ORC'").contains("partitioning = ARRAY['plan']");
        assertThat(Jdbc.rows("select table_type from iceberg.information_schema.tables where table_schema = 'shop_staging'"
                + " and table_name = 'stg_users'")).containsExactly("VIEW");

        Jdbc.execute("update iceberg.shop_src.events set kind = 'logout' where event_id = 2",
                "insert into iceberg.shop_src.events values (3, 3, 'login')",
                "update iceberg.shop_src.users set plan = 'premium', updated_at = 2 where user_id = 1");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            Map<String, NodeResult> res = byName(kiln.build(Selection.ALL));
            assertThat(res.values()).allSatisfy(n -> assertThat(n.status()).as(n.uniqueId() + ": " + n.message())
                    .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
            assertThat(res.get("users_history").message()).contains("1 changed");
        }
        assertThat(Jdbc.rows("select event_id, kind from iceberg.shop_analytics.events_inc order by 1"))
                .containsExactly("1|login", "2|logout", "3|login");
        assertThat(Jdbc.rows("select user_id, plan, kiln_valid_to is null from iceberg.shop_snapshots.users_history"
                + " order by 1, 3")).containsExactly("1|FREE|false", "1|premium|true", "2|Premium|true", "3|enterprise|true");
        assertThat(Long.parseLong(String.valueOf(Jdbc.scalar("select count(*) from iceberg.shop_analytics.\"dim_users$snapshots\""))))
                .as("replaced with CREATE OR REPLACE TABLE: one table, its history kept").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSyntaxErrorIsReportedAtItsLineBeforeAnythingRuns() throws Exception {
        shop("badshop").file("models/marts/broken.sql", "select user_id,\n  from from ${ref('stg_users')}\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThatThrownBy(() -> kiln.build(Selection.ALL)).isInstanceOfSatisfying(KilnException.class,
                    e -> assertThat(e.describe()).contains("broken.sql:2"));
        }
        assertThat(Jdbc.rows("select schema_name from iceberg.information_schema.schemata where schema_name = 'badshop_raw'"))
                .as("nothing ran").isEmpty();
    }
}
