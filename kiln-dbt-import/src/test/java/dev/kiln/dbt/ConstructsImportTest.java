package dev.kiln.dbt;

import dev.kiln.Kiln;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.JdbcRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dbt project written with the idioms real projects use (macros with defaults, adapter.dispatch,
 * set blocks, loops with loop.last, whitespace control, docs blocks, custom generic tests,
 * legacy snapshots, dbt_utils calls, project-scoped vars), imported and built on DuckDB; and what
 * cannot be converted, listed with file:line and why.
 */
class ConstructsImportTest {

    @TempDir
    static Path dir;
    private static ImportReport report;
    private static Path kiln;

    @BeforeAll
    static void importIt() {
        Path dbt = Fixtures.copy("constructs", dir);
        kiln = dir.resolve("kiln_shop");
        report = new DbtImporter(dbt, kiln, null, ImportListener.none()).run();
    }

    private static String read(String path) throws IOException {
        return Files.readString(kiln.resolve(path));
    }

    @Test
    void listsWhatItCouldNotConvertWithFileLineAndWhy() {
        assertThat(report.problems()).extracting(ImportProblem::format).containsExactlyInAnyOrder(
                "dbt_project.yml:16: +unknown_thing: the config 'unknown_thing' (under models.shop.marts) has no Kiln "
                        + "equivalent; it was left out (see docs/reference.md for the config keys)",
                "dbt_project.yml:17: on-run-end: Kiln has no 'on-run-end' in kiln.yml; run such statements as a model's "
                        + "pre_hook/post_hook",
                "packages.yml:4: calogica/dbt_expectations: a dbt package; convert it with kiln import-dbt too and declare "
                        + "it under packages: in kiln.yml",
                "models/marts/needs_hand.sql:1:1: {% set results = run_query('select 1') %}: 'run_query' (dbt's run_query "
                        + "runs or inspects things at compile time; Kiln templates cannot); rewrite this part by hand",
                "models/schema.yml:17: dbt_expectations.expect_column_values_to_be_between: Kiln has no built-in test "
                        + "dbt_expectations.expect_column_values_to_be_between; write it as a generic test in "
                        + "tests/generic/expect_column_values_to_be_between.sql or use one of docs/quality-checks.md");
        assertThat(report.notes()).anyMatch(n -> n.contains("dbt-labs/dbt_utils is not needed"));
        assertThat(report.notes()).anyMatch(n -> n.contains("'aws_access_key_id' left out"));
    }

    @Test
    void writesKilnYmlFromTheProjectAndTheProfile() throws IOException {
        String yml = read("kiln.yml");
        assertThat(yml).contains("vars:\n  start_date: '2026-01-01'\n  min_amount: 0", "+materialized: view",
                "marts:\n      +materialized: table\n      +schema: marts", "region: eu-west-1", "default-target: dev")
                .doesNotContain("on-run-end", "aws_access_key_id", "unknown_thing");
    }

    @Test
    void macrosBecomeFunctionsWithDefaultsAndDispatchBecomesPerTargetBranches() throws IOException {
        String macros = read("macros/money.ftl");
        assertThat(macros).contains("<#function cents_to_dollars column_name scale=2>",
                "<#function safe_label value fallback='unknown'>",
                "<#function day_of column><#local kiln_out><#return day_of__dispatch(column)>",
                "<#function day_of__dispatch column><#if target.type == \"duckdb\"><#return duckdb__day_of(column)></#if>"
                        + "<#return default__day_of(column)></#function>");
        String model = read("models/staging/stg_payments.sql");
        assertThat(model).startsWith("<@config materialized=\"table\" tags=['staging', 'payments'] />")
                .contains("${safe_label('method', 'none')}", "${dbt_utils.generate_surrogate_key(['id', 'order_id'])}",
                        "<#list methods as m>", "<#if !(m?is_last)>,</#if>", "${var(\"start_date\")}");
        assertThat(read("tests/generic/is_lowercase.sql")).contains("<#assign allow_null = allow_null!true>",
                "<#if !(allow_null)>or ${column_name} is null</#if>");
        assertThat(read("snapshots/payments_snapshot.yml")).contains("- name: payments_snapshot",
                "relation: ref('payments_snapshot__snapshot_source')", "schema: \"snapshots\"", "strategy: \"check\"",
                "check_cols: [method, amount]");
        assertThat(read("models/schema.yml")).contains("description: \"How the customer paid: `card` or `coupon`.\"",
                "- unique_combination_of_columns:");
        assertThat(read("analyses/top_methods.sql")).contains("${ref('stg_payments')}");
    }

    @Test
    void theConvertedProjectBuildsOnDuckDb() throws Exception {
        Files.delete(kiln.resolve("models/marts/needs_hand.sql"));
        String schema = read("models/schema.yml");
        Files.writeString(kiln.resolve("models/schema.yml"), schema.substring(0, schema.indexOf("      - name: amount")));
        RunResults r;
        try (Kiln k = Kiln.configure().projectDir(kiln).load()) {
            r = k.build(Selection.ALL);
        }
        assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).as(x.uniqueId() + ": " + x.message())
                .isIn(NodeStatus.SUCCESS, NodeStatus.PASS));
        assertThat(r.results()).extracting(x -> x.uniqueId()).contains("snapshot.shop.payments_snapshot",
                "test.shop.is_lowercase_stg_payments_method");
        List<String> rows = JdbcRows.query("jdbc:duckdb:" + kiln.resolve("shop.duckdb"),
                "select payment_id, method, amount, paid_on, is_card, is_coupon, length(payment_key) "
                        + "from main.stg_payments order by payment_id");
        assertThat(rows).containsExactly("1|card|10.0|2026-01-01|1|0|32", "2|coupon|2.5|2026-01-02|0|1|32",
                "3|card|5.0|2026-01-02|1|0|32", "4|none|0.0|2026-01-03|0|0|32");
        assertThat(JdbcRows.query("jdbc:duckdb:" + kiln.resolve("shop.duckdb"),
                "select paid_on, amount, payments from marts.payments_daily order by 1"))
                .containsExactly("2026-01-01|10.0|1", "2026-01-02|7.5|2", "2026-01-03|0.0|1");
    }
}
