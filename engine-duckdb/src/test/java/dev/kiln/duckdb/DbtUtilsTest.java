package dev.kiln.duckdb;

import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.JdbcRows;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dbt_utils' macros and generic tests as Kiln built-ins, on a real DuckDB file. */
class DbtUtilsTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return TempProject.create(dir, "u", "duckdb")
                .file("kiln.yml", """
                        name: u
                        models:
                          +materialized: table
                        targets:
                          dev: {type: duckdb, path: target/u.duckdb, threads: 2}
                        """)
                .file("seeds/raw_orders.csv", """
                        id,customer,status,amount,valid_from,valid_to
                        1,ann,paid,10,2026-01-01,2026-01-05
                        2,ann,refunded,20,2026-01-05,2026-01-09
                        3,bob,paid,30,2026-01-01,2026-01-03
                        4,cid,,40,2026-01-02,2026-01-04
                        """)
                .file("seeds/raw_more.csv", "id,customer,channel\n5,dan,web\n");
    }

    private RunResults build(TempProject p) {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            return kiln.build(Selection.ALL);
        } catch (KilnException e) {
            throw new AssertionError(e.describe(), e);
        }
    }

    private List<String> rows(String sql) throws Exception {
        return JdbcRows.query("jdbc:duckdb:" + dir.resolve("target/u.duckdb"), sql);
    }

    private static Map<String, NodeStatus> statuses(RunResults r) {
        return r.results().stream().collect(Collectors.toMap(NodeResult::uniqueId, NodeResult::status));
    }

    @Test
    void macrosRenderAndRunOnDuckDb() throws Exception {
        // the seeds exist before the models that read the warehouse while rendering (pivot's values, unpivot)
        build(project());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/u.duckdb"));
             java.sql.Statement st = c.createStatement()) {
            st.execute("create schema ext");
            st.execute("create table ext.events_2025 as select 1 as id");
            st.execute("create table ext.events_2026 as select 2 as id union all select 3");
            st.execute("create table ext.other as select 4 as id");
        }
        TempProject p = project()
                .file("models/keys.sql", "select id, ${dbt_utils.generate_surrogate_key(['id', 'status'])} as sk "
                        + "from ${ref('raw_orders')}\n")
                .file("models/starred.sql", "select ${dbt_utils.star(ref('raw_orders'), 'o', ['amount', 'VALID_TO'], 'o_')} "
                        + "from ${ref('raw_orders')} as o\n")
                .file("models/unioned.sql", "${union_relations([ref('raw_orders'), ref('raw_more')], '', [], ['valid_from', 'valid_to'])}\n")
                .file("models/spine.sql", "${date_spine('day', \"cast('2026-01-01' as date)\", \"cast('2026-01-08' as date)\")}\n")
                .file("models/pivoted.sql", "select customer, ${pivot('status', get_column_values(ref('raw_orders'), 'status', \"status is not null\", 'status'))}\n"
                        + "from ${ref('raw_orders')}\n${group_by(1)}\n")
                .file("models/unpivoted.sql", "${unpivot(ref('raw_orders'), 'varchar', ['id'], ['customer', 'valid_from', 'valid_to'])}\n")
                .file("models/deduped.sql", "${deduplicate(ref('raw_orders'), 'customer', 'id desc')}\n")
                .file("models/divided.sql", "select id, ${safe_divide('amount', '0')} as none, ${safe_divide('amount', '4')} as quarter "
                        + "from ${ref('raw_orders')}\n")
                .file("models/event_counts.sql", "<#list get_relations_by_pattern('ext', 'events%') as r>"
                        + "select '${r}' as relation, count(*) as n from ${r}<#sep> union all </#list>\n");
        RunResults r = build(p);
        assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).as(x.uniqueId() + ": " + x.message())
                .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
        // the same key dbt_utils computes: md5 of the fields joined by '-', nulls as a marker
        assertThat(rows("select count(*) from keys where sk = md5(cast(id as varchar) || '-' || "
                + "coalesce(cast((select status from raw_orders r where r.id = keys.id) as varchar), '_dbt_utils_surrogate_key_null_'))"))
                .containsExactly("4");
        assertThat(rows("select column_name from information_schema.columns where table_name = 'starred' order by ordinal_position"))
                .containsExactly("o_id", "o_customer", "o_status", "o_valid_from");
        assertThat(rows("select _dbt_source_relation, id, status, channel from unioned order by id"))
                .containsExactly("\"u\".\"main\".\"raw_orders\"|1|paid|null", "\"u\".\"main\".\"raw_orders\"|2|refunded|null",
                        "\"u\".\"main\".\"raw_orders\"|3|paid|null", "\"u\".\"main\".\"raw_orders\"|4|null|null",
                        "\"u\".\"main\".\"raw_more\"|5|null|web");
        assertThat(rows("select min(date_day), max(date_day), count(*) from spine")).containsExactly("2026-01-01|2026-01-07|7");
        assertThat(rows("select customer, paid, refunded from pivoted order by customer"))
                .containsExactly("ann|1|1", "bob|1|0", "cid|0|0");
        assertThat(rows("select id, field_name, value from unpivoted where id = 1 order by field_name"))
                .containsExactly("1|amount|10", "1|status|paid");
        assertThat(rows("select id, customer from deduped order by customer")).containsExactly("2|ann", "3|bob", "4|cid");
        assertThat(rows("select count(*) from information_schema.columns where table_name = 'deduped'")).containsExactly("6");
        assertThat(rows("select none, quarter from divided where id = 1")).containsExactly("null|2.5");
        assertThat(rows("select relation, n from event_counts order by relation"))
                .containsExactly("\"u\".\"ext\".\"events_2025\"|1", "\"u\".\"ext\".\"events_2026\"|2");
    }

    @Test
    void starAndUnionRelationsWorkOnAFirstBuildThroughDuckDbsOwnSyntax() throws Exception {
        TempProject p = project()
                .file("models/starred.sql", "select ${star(ref('raw_orders'), 'o', ['amount', 'valid_to'])} from ${ref('raw_orders')} as o\n")
                .file("models/unioned.sql", "${union_relations([ref('raw_orders'), ref('raw_more')], '', [], ['valid_from', 'valid_to'])}\n");
        RunResults r = build(p);
        assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).as(x.uniqueId() + ": " + x.message())
                .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
        assertThat(rows("select column_name from information_schema.columns where table_name = 'starred' order by ordinal_position"))
                .containsExactly("id", "customer", "status", "valid_from");
        assertThat(rows("select _dbt_source_relation, id, status, channel from unioned where id in (1, 5) order by id"))
                .containsExactly("\"u\".\"main\".\"raw_orders\"|1|paid|null", "\"u\".\"main\".\"raw_more\"|5|null|web");
    }

    @Test
    void readingARelationThatIsNotBuiltYetSaysWhatToDo() {
        TempProject p = project().file("models/flat.sql", "${unpivot(ref('raw_orders'))}\n");
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.build(Selection.ALL);
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.diagnostics().get(0).position().toString()).isEqualTo("models/flat.sql:1:1");
            assertThat(e.diagnostics().get(0).message()).contains("unpivot() reads the columns of main.raw_orders, which does not exist");
            assertThat(e.diagnostics().get(0).hint()).contains("kiln build -s +raw_orders");
        });
    }

    @Test
    void anUnknownDbtUtilsMacroIsNamed() {
        TempProject p = project().file("models/x.sql", "select ${dbt_utils.surrogate_key(['id'])} from ${ref('raw_orders')}\n");
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.diagnostics().get(0).message()).isEqualTo("dbt_utils.surrogate_key() is not one of Kiln's built-ins.");
            assertThat(e.diagnostics().get(0).hint()).contains("generate_surrogate_key");
        });
    }

    @Test
    void genericTestsPassAndFail() {
        TempProject p = project().file("models/orders.sql", "select * from ${ref('raw_orders')}\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            data_tests:
                              - dbt_utils.unique_combination_of_columns: {combination_of_columns: [customer, status]}
                              - dbt_utils.equal_rowcount: {compare_model: ref('raw_orders')}
                              - equal_rowcount: {compare_model: ref('raw_more')}
                              - mutually_exclusive_ranges: {lower_bound_column: valid_from, upper_bound_column: valid_to, partition_by: customer}
                              - mutually_exclusive_ranges: {lower_bound_column: valid_from, upper_bound_column: valid_to, partition_by: customer, gaps: required}
                              - mutually_exclusive_ranges: {lower_bound_column: valid_from, upper_bound_column: valid_to}
                            columns:
                              - name: status
                                data_tests:
                                  - dbt_utils.not_null_proportion: {at_least: 0.7}
                                  - not_null_proportion: {at_least: 0.9}
                                  - dbt_utils.at_least_one
                              - name: id
                                data_tests:
                                  - dbt_utils.sequential_values
                                  - sequential_values: {interval: 2}
                              - name: valid_from
                                data_tests:
                                  - sequential_values: {datepart: day, group_by_columns: [customer]}
                        """);
        Map<String, NodeStatus> s = statuses(build(p));
        assertThat(s.entrySet().stream().filter(e -> e.getKey().startsWith("test."))
                .map(e -> e.getKey().replace("test.u.", "") + "=" + e.getValue()).sorted().toList()).containsExactly(
                "at_least_one_orders_status=PASS",
                "equal_rowcount_orders__ref_raw_more=FAIL",
                "equal_rowcount_orders__ref_raw_orders=PASS",
                "mutually_exclusive_ranges_orders__valid_from__valid_to=FAIL",
                "mutually_exclusive_ranges_orders__valid_from__valid_to__customer=PASS",
                "mutually_exclusive_ranges_orders__valid_from__valid_to__customer__required=FAIL",
                "not_null_proportion_orders_status__0_7=PASS",
                "not_null_proportion_orders_status__0_9=FAIL",
                "sequential_values_orders_id=PASS",
                "sequential_values_orders_id__2=FAIL",
                "sequential_values_orders_valid_from__day__customer=FAIL",
                "unique_combination_of_columns_orders__customer__status=PASS");
    }
}
