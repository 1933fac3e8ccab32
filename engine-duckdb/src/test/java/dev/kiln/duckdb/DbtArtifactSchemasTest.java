package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Kiln;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.DbtSchemas;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artifacts of a project that uses every kind of node validate against dbt's published JSON schemas
 * (manifest v12, run_results v6, sources v3), so the dbt ecosystem (artifact parsers, observability and
 * catalog tools) reads them.
 */
class DbtArtifactSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Seeds, a source with freshness, every materialization, a snapshot, tests of each kind, a unit test, a macro, exposures, a disabled model. */
    static TempProject shop(Path dir) throws Exception {
        TempProject p = TempProject.create(dir, "shop", "duckdb")
                .file("seeds/plans.csv", "plan,price\nfree,0\npremium,10\n")
                .file("seeds/users.csv", "user_id,plan,updated_at\n1,free,2026-01-01 00:00:00\n2,premium,2026-01-02 00:00:00\n")
                .file("macros/money.ftl", "<#function cents_to_dollars col>\n<#return \"(\" + col + \" / 100.0)\">\n</#function>\n")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            description: The raw layer.
                            loaded_at_field: loaded_at
                            freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 2, period: day}}
                            tables:
                              - name: orders
                                external_location: data/orders.parquet
                                columns:
                                  - name: order_id
                                    data_tests: [unique, not_null]
                        """)
                .file("models/staging/stg_orders.sql", """
                        select order_id, user_id, ${cents_to_dollars('amount_cents')} as amount, loaded_at
                        from ${source('raw', 'orders')}
                        """)
                .file("models/staging/stg_users.sql", "<@config materialized='ephemeral'/>select * from ${ref('users')}\n")
                .file("models/marts/fct_revenue.sql", """
                        <@config materialized='table' tags=['finance'] meta={'owner': 'ana'}/>
                        select u.user_id, u.plan, sum(o.amount) as revenue
                        from ${ref('stg_users')} u left join ${ref('stg_orders')} o using (user_id)
                        group by 1, 2
                        """)
                .file("models/marts/fct_daily.sql", """
                        <@config materialized='incremental' unique_key='day'/>
                        select cast(loaded_at as date) as day, count(*) as orders from ${ref('stg_orders')} group by 1
                        """)
                .file("models/marts/old_report.sql", "<@config enabled=false/>select 1 as x\n")
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: fct_revenue
                            description: Revenue per user.
                            columns:
                              - name: user_id
                                description: The user.
                                data_tests: [unique, not_null]
                              - name: plan
                                data_tests:
                                  - accepted_values: {values: [free, premium]}
                                  - relationships: {to: ref('plans'), field: plan}
                        unit_tests:
                          - name: revenue_sums_orders
                            model: fct_revenue
                            given:
                              - input: ref('stg_users')
                                rows: [{user_id: 1, plan: free}]
                              - input: ref('stg_orders')
                                rows: [{user_id: 1, amount: 2.5}, {user_id: 1, amount: 1.5}]
                            expect:
                              rows: [{user_id: 1, plan: free, revenue: 4.0}]
                          - name: revenue_in_csv_and_sql
                            model: fct_revenue
                            given:
                              - input: ref('stg_users')
                                format: csv
                                rows: |
                                  user_id,plan
                                  1,free
                              - input: ref('stg_orders')
                                format: sql
                                rows: select 1 as user_id, 2.5 as amount
                            expect:
                              format: csv
                              rows: |
                                user_id,plan,revenue
                                1,free,2.5
                        exposures:
                          - name: revenue_dashboard
                            type: dashboard
                            maturity: high
                            url: https://bi.example/revenue
                            owner: {name: Finance, email: finance@example.com}
                            depends_on: [ref('fct_revenue')]
                        """)
                .file("tests/assert_revenue_positive.sql", "select * from ${ref('fct_revenue')} where revenue < 0\n")
                .file("snapshots/users.yml", """
                        snapshots:
                          - name: users_history
                            relation: ref('users')
                            config: {schema: snapshots, unique_key: user_id, strategy: timestamp, updated_at: updated_at}
                        """);
        Files.createDirectories(dir.resolve("data"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("copy (select * from (values (10, 1, 250, current_timestamp - interval 1 hour),"
                    + " (11, 2, 1000, current_timestamp - interval 2 hour)) v(order_id, user_id, amount_cents, loaded_at)) to '"
                    + dir.resolve("data/orders.parquet") + "' (format parquet)");
        }
        return p;
    }

    /** {@code -Dkiln.keepArtifacts=DIR} copies the artifacts there, to look at them. */
    static void keep(Path target) throws java.io.IOException {
        String keep = System.getProperty("kiln.keepArtifacts");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            for (String f : new String[] {"manifest.json", "run_results.json", "sources.json"}) {
                if (Files.exists(target.resolve(f))) {
                    Files.copy(target.resolve(f), Path.of(keep).resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    void manifestRunResultsAndSourcesValidateAgainstDbtSchemas() throws Exception {
        shop(dir);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.results()).allSatisfy(n -> assertThat(n.status()).as(n.uniqueId() + ": " + n.message())
                    .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
            kiln.sourceFreshness(Selection.ALL);
        }
        Path target = dir.resolve("target");
        keep(target);
        assertThat(DbtSchemas.MANIFEST.violations(target.resolve("manifest.json"))).isEmpty();
        assertThat(DbtSchemas.RUN_RESULTS.violations(target.resolve("run_results.json"))).isEmpty();
        assertThat(DbtSchemas.SOURCES.violations(target.resolve("sources.json"))).isEmpty();

        JsonNode manifest = JSON.readTree(target.resolve("manifest.json").toFile());
        assertThat(manifest.at("/metadata/dbt_schema_version").asText()).isEqualTo(DbtSchemas.MANIFEST.url());
        JsonNode csvTest = manifest.at("/unit_tests/unit_test.shop.fct_revenue.revenue_in_csv_and_sql");
        assertThat(csvTest.at("/given/0/format").asText()).isEqualTo("csv");
        assertThat(csvTest.at("/given/0/rows").asText()).isEqualTo("user_id,plan\n1,free\n");
        assertThat(csvTest.at("/given/1/format").asText()).isEqualTo("sql");
        assertThat(manifest.at("/nodes/model.shop.fct_revenue/meta/owner").asText()).isEqualTo("ana");
        assertThat(manifest.at("/nodes/model.shop.fct_revenue/meta/kiln/analysis/columns_complete").asBoolean()).isTrue();
        assertThat(manifest.at("/sources/source.shop.raw.orders/external/location").asText()).isEqualTo("data/orders.parquet");
        assertThat(manifest.at("/macros/macro.shop.cents_to_dollars/macro_sql").asText()).startsWith("<#function cents_to_dollars")
                .endsWith("</#function>");
        JsonNode revenue = null;
        for (JsonNode r : JSON.readTree(target.resolve("run_results.json").toFile()).get("results")) {
            if (r.get("unique_id").asText().equals("model.shop.fct_revenue")) {
                revenue = r;
            }
        }
        assertThat(revenue).isNotNull();
        assertThat(revenue.get("thread_id").asText()).matches("Thread-\\d+ \\(worker\\)");
        assertThat(revenue.get("relation_name").asText()).isEqualTo("\"dev\".\"main\".\"fct_revenue\"");
        assertThat(revenue.get("compiled_code").asText()).contains("sum(o.amount) as revenue");
        JsonNode runResults = JSON.readTree(target.resolve("run_results.json").toFile());
        assertThat(runResults.at("/metadata/dbt_schema_version").asText()).isEqualTo(DbtSchemas.RUN_RESULTS.url());
        JsonNode sources = JSON.readTree(target.resolve("sources.json").toFile());
        assertThat(sources.at("/metadata/dbt_schema_version").asText()).isEqualTo(DbtSchemas.SOURCES.url());
    }
}
