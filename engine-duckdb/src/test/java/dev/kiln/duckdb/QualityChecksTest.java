package dev.kiln.duckdb;

import dev.kiln.Diagnostic;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.internal.load.GenericTests;
import dev.kiln.internal.load.TestSignature;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The built-in quality checks (row count, accepted range, expression is true, unique
 * combination, recency, missing / duplicate / invalid share, schema), each made to pass and to
 * fail on a real DuckDB file through the public API.
 */
class QualityChecksTest {

    /** Four orders: one null email, one blank email, one 'unknown' status, amounts 5 to 20. */
    private static final String ORDERS = """
            select * from (values
                (1, 5.00, 'ann@example.com', 'paid', date '2026-10-28'),
                (2, 10.00, null, 'paid', date '2026-10-29'),
                (3, 20.00, '', 'paid', date '2026-10-30'),
                (4, null, 'bob@example', 'unknown', date '2026-10-30')
            ) as v(order_id, amount, email, status, ordered_at)
            """;

    @TempDir
    Path dir;

    /** A project with the model {@code orders} (a table) and {@code schema.yml} as given. */
    private TempProject project(String schemaYml) {
        return TempProject.create(dir, "qc", "duckdb")
                .file("kiln.yml", """
                        name: qc
                        vars: {as_of: '2026-11-01'}
                        models:
                          +materialized: table
                        targets:
                          dev: {type: duckdb, path: target/qc.duckdb, threads: 2}
                        """)
                .file("models/orders.sql", ORDERS)
                .file("models/empty_orders.sql", "select * from (" + ORDERS + ") as o where false\n")
                .file("models/schema.yml", schemaYml);
    }

    /** Builds everything; returns each test's result, keyed by the test declaration. */
    private Checks build() {
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            RunResults r = kiln.build(Selection.ALL);
            return new Checks(kiln.project().nodes(), r);
        }
    }

    /** Finds the result of a test by its name, the model it is on, and its arguments. */
    private record Checks(Map<String, Node> nodes, RunResults results) {

        NodeResult of(String test, String model, Map<String, Object> kwargs) {
            List<String> ids = nodes.values().stream()
                    .filter(n -> n.resourceType() == ResourceType.TEST && n.test() != null)
                    .filter(n -> n.test().name().equals(test) && n.test().attachedNode().equals("model.qc." + model))
                    .filter(n -> n.test().kwargs().equals(kwargs))
                    .map(Node::uniqueId).toList();
            assertThat(ids).as("tests %s on %s with %s", test, model, kwargs).hasSize(1);
            return results.results().stream().filter(r -> r.uniqueId().equals(ids.get(0))).findFirst().orElseThrow();
        }

        NodeResult of(String test, String model) {
            return of(test, model, Map.of());
        }
    }

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertPass(NodeResult r) {
        assertThat(r.status()).as(r.uniqueId() + ": " + r.message()).isEqualTo(NodeStatus.PASS);
        assertThat(r.failures()).isZero();
    }

    private static void assertFail(NodeResult r, long failures) {
        assertThat(r.status()).as(r.uniqueId() + ": " + r.message()).isEqualTo(NodeStatus.FAIL);
        assertThat(r.failures()).isEqualTo(failures);
    }

    @Test
    void rowCountBoundsPassInsideAndFailOutside() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - row_count: {min_value: 1, max_value: 4}
                      - row_count: {min_value: 5}
                      - row_count: {max_value: 3, config: {severity: warn}}
                      - row_count: {min_value: 1, max_value: 4, strictly: true}
                      - expect_table_row_count_to_be_between: {min_value: 4, max_value: 4}
                  - name: empty_orders
                    data_tests:
                      - expect_table_row_count_to_be_between: {min_value: 1}
                """);
        Checks c = build();
        assertPass(c.of("row_count", "orders", args("min_value", 1, "max_value", 4)));
        assertFail(c.of("row_count", "orders", args("min_value", 5)), 1);
        NodeResult warn = c.of("row_count", "orders", args("max_value", 3));
        assertThat(warn.status()).isEqualTo(NodeStatus.WARN);
        assertThat(warn.failures()).isEqualTo(1);
        assertFail(c.of("row_count", "orders", args("min_value", 1, "max_value", 4, "strictly", true)), 1);
        assertPass(c.of("expect_table_row_count_to_be_between", "orders", args("min_value", 4, "max_value", 4)));
        assertFail(c.of("expect_table_row_count_to_be_between", "empty_orders", args("min_value", 1)), 1);
    }

    @Test
    void acceptedRangeFailsOnEachRowOutsideTheRangeAndLetsNullsPass() {
        project("""
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: amount
                        data_tests:
                          - accepted_range: {min_value: 0, max_value: 20}
                          - accepted_range: {min_value: 5, max_value: 20, inclusive: false}
                          - accepted_range: {max_value: 9.99}
                      - name: ordered_at
                        data_tests:
                          - accepted_range: {min_value: '2026-10-01', max_value: '2026-10-31'}
                          - accepted_range: {min_value: '2026-10-29'}
                          - accepted_range: {max_value: "date '2026-10-28'", config: {where: "order_id < 4"}}
                """);
        Checks c = build();
        assertPass(c.of("accepted_range", "orders", args("min_value", 0, "max_value", 20)));
        assertFail(c.of("accepted_range", "orders", args("min_value", 5, "max_value", 20, "inclusive", false)), 2);
        assertFail(c.of("accepted_range", "orders", args("max_value", 9.99)), 2);
        assertPass(c.of("accepted_range", "orders", args("min_value", "2026-10-01", "max_value", "2026-10-31")));
        assertFail(c.of("accepted_range", "orders", args("min_value", "2026-10-29")), 1);
        assertFail(c.of("accepted_range", "orders", args("max_value", "date '2026-10-28'")), 2);
    }

    @Test
    void expressionIsTrueOnModelsAndColumns() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - expression_is_true: {expression: "amount >= 0 and order_id > 0"}
                      - expression_is_true: {expression: "amount < 15"}
                    columns:
                      - name: amount
                        data_tests:
                          - expression_is_true: {expression: ">= 6"}
                          - expression_is_true: {expression: "${column_name} * 2 <= 40"}
                          - expression_is_true: {expression: "between 0 and 100"}
                """);
        Checks c = build();
        assertPass(c.of("expression_is_true", "orders", args("expression", "amount >= 0 and order_id > 0")));
        assertFail(c.of("expression_is_true", "orders", args("expression", "amount < 15")), 1);
        assertFail(c.of("expression_is_true", "orders", args("expression", ">= 6")), 1);
        assertPass(c.of("expression_is_true", "orders", args("expression", "${column_name} * 2 <= 40")));
        assertPass(c.of("expression_is_true", "orders", args("expression", "between 0 and 100")));
    }

    @Test
    void uniqueCombinationOfColumnsCountsRepeatedCombinations() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - unique_combination_of_columns: {combination_of_columns: [order_id, status]}
                      - unique_combination_of_columns: {combination_of_columns: [status, ordered_at]}
                      - unique_combination_of_columns: {combination_of_columns: [status], quote_columns: true}
                """);
        Checks c = build();
        assertPass(c.of("unique_combination_of_columns", "orders", args("combination_of_columns", List.of("order_id", "status"))));
        assertPass(c.of("unique_combination_of_columns", "orders", args("combination_of_columns", List.of("status", "ordered_at"))));
        assertFail(c.of("unique_combination_of_columns", "orders", args("combination_of_columns", List.of("status"),
                "quote_columns", true)), 1);
    }

    @Test
    void recencyComparesTheNewestRowWithNowOrAsOf() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - recency: {field: ordered_at, datepart: day, interval: 3, as_of: '2026-11-01'}
                      - recency: {field: ordered_at, datepart: day, interval: 1, as_of: '2026-11-01'}
                      - recency: {field: ordered_at, datepart: hour, interval: 36, as_of: '2026-11-01 10:00:00'}
                      - recency: {field: ordered_at, datepart: day, interval: 2, as_of: '2026-11-01 23:00:00', ignore_time_component: true}
                      - recency: {field: ordered_at, datepart: day, interval: 2, as_of: "${var('as_of')}"}
                      - recency: {field: ordered_at, datepart: hour, interval: 24, as_of: "${var('as_of')}"}
                  - name: fresh
                    data_tests:
                      - recency: {field: updated_at, datepart: hour, interval: 2}
                      - recency: {field: updated_at, datepart: minute, interval: 30}
                  - name: empty_orders
                    data_tests:
                      - recency: {field: ordered_at, datepart: year, interval: 100}
                """).file("models/fresh.sql", "select current_timestamp - interval 1 hour as updated_at\n");
        Checks c = build();
        assertPass(c.of("recency", "orders", args("field", "ordered_at", "datepart", "day", "interval", 3, "as_of", "2026-11-01")));
        assertFail(c.of("recency", "orders", args("field", "ordered_at", "datepart", "day", "interval", 1, "as_of", "2026-11-01")), 1);
        assertFail(c.of("recency", "orders", args("field", "ordered_at", "datepart", "hour", "interval", 36,
                "as_of", "2026-11-01 10:00:00")), 1);
        assertPass(c.of("recency", "orders", args("field", "ordered_at", "datepart", "day", "interval", 2,
                "as_of", "2026-11-01 23:00:00", "ignore_time_component", true)));
        assertPass(c.of("recency", "orders", args("field", "ordered_at", "datepart", "day", "interval", 2,
                "as_of", "${var('as_of')}")));
        assertFail(c.of("recency", "orders", args("field", "ordered_at", "datepart", "hour", "interval", 24,
                "as_of", "${var('as_of')}")), 1);
        assertPass(c.of("recency", "fresh", args("field", "updated_at", "datepart", "hour", "interval", 2)));
        assertFail(c.of("recency", "fresh", args("field", "updated_at", "datepart", "minute", "interval", 30)), 1);
        assertFail(c.of("recency", "empty_orders", args("field", "ordered_at", "datepart", "year", "interval", 100)), 1);
    }

    @Test
    void missingShareCountsNullsAndOptionallyBlankText() {
        project("""
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: email
                        data_tests:
                          - missing_share: {max_share: 0.25}
                          - missing_share: {max_share: 0.2}
                          - missing_share: {max_share: 0.25, treat_empty_as_missing: true}
                          - missing_share: {max_share: 0.5, treat_empty_as_missing: true}
                  - name: empty_orders
                    columns:
                      - name: email
                        data_tests:
                          - missing_share: {max_share: 0}
                """);
        Checks c = build();
        assertPass(c.of("missing_share", "orders", args("max_share", 0.25)));
        assertFail(c.of("missing_share", "orders", args("max_share", 0.2)), 1);
        assertFail(c.of("missing_share", "orders", args("max_share", 0.25, "treat_empty_as_missing", true)), 1);
        assertPass(c.of("missing_share", "orders", args("max_share", 0.5, "treat_empty_as_missing", true)));
        assertPass(c.of("missing_share", "empty_orders", args("max_share", 0)));
    }

    @Test
    void duplicateShareCountsRowsThatRepeatAValue() {
        project("""
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: status
                        data_tests:
                          - duplicate_share: {max_share: 0.5}
                          - duplicate_share: {max_share: 0.4}
                      - name: order_id
                        data_tests:
                          - duplicate_share: {max_share: 0}
                      - name: ordered_at
                        data_tests:
                          - duplicate_share: {max_share: 0.2, config: {severity: warn}}
                """);
        Checks c = build();
        assertPass(c.of("duplicate_share", "orders", args("max_share", 0.5)));
        assertFail(c.of("duplicate_share", "orders", args("max_share", 0.4)), 1);
        NodeResult warn = c.of("duplicate_share", "orders", args("max_share", 0.2));
        assertThat(warn.status()).isEqualTo(NodeStatus.WARN);
        assertThat(warn.failures()).isEqualTo(1);
        assertPass(c.of("duplicate_share", "orders", args("max_share", 0)));
    }

    @Test
    void invalidShareChecksValuesRegexAndBounds() {
        project("""
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: status
                        data_tests:
                          - invalid_share: {max_share: 0.25, valid_values: [paid, refunded]}
                          - invalid_share: {max_share: 0.1, valid_values: [paid, refunded]}
                      - name: email
                        data_tests:
                          - invalid_share: {max_share: 0, valid_regex: '^[^@]+@[^@]+\\.[a-z]+$', config: {where: "email <> ''"}}
                          - invalid_share: {max_share: 0.5, valid_regex: '@'}
                      - name: amount
                        data_tests:
                          - invalid_share: {max_share: 0, valid_min: 0, valid_max: 20}
                          - invalid_share: {max_share: 0.2, valid_min: 6}
                """);
        Checks c = build();
        assertPass(c.of("invalid_share", "orders", args("max_share", 0.25, "valid_values", List.of("paid", "refunded"))));
        assertFail(c.of("invalid_share", "orders", args("max_share", 0.1, "valid_values", List.of("paid", "refunded"))), 1);
        assertFail(c.of("invalid_share", "orders", args("max_share", 0, "valid_regex", "^[^@]+@[^@]+\\.[a-z]+$")), 1);
        assertPass(c.of("invalid_share", "orders", args("max_share", 0.5, "valid_regex", "@")));
        assertPass(c.of("invalid_share", "orders", args("max_share", 0, "valid_min", 0, "valid_max", 20)));
        assertFail(c.of("invalid_share", "orders", args("max_share", 0.2, "valid_min", 6)), 1);
    }

    @Test
    void expectSchemaReportsMissingColumnsWrongTypesAndExtraColumns() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - expect_schema: {columns: {order_id: integer, amount: decimal, email: string, status: ~, ordered_at: date}}
                      - expect_schema: {columns: {order_id: varchar, customer_id: integer, email: varchar}}
                      - expect_schema: {columns: [order_id, amount], allow_extra_columns: false}
                      - expect_schema: {columns: [{name: ORDER_ID, data_type: INT}], config: {where: "order_id > 1"}}
                """);
        Checks c = build();
        assertPass(c.of("expect_schema", "orders", args("columns", args("order_id", "integer", "amount", "decimal",
                "email", "string", "status", null, "ordered_at", "date"))));
        assertFail(c.of("expect_schema", "orders", args("columns", args("order_id", "varchar", "customer_id", "integer",
                "email", "varchar"))), 2);
        assertFail(c.of("expect_schema", "orders", args("columns", List.of("order_id", "amount"),
                "allow_extra_columns", false)), 3);
        assertPass(c.of("expect_schema", "orders", args("columns", List.of(args("name", "ORDER_ID", "data_type", "INT")))));
    }

    /** A project's own generic test that selects the rows for which a built-in predicate is true. */
    private static String predicateTest(String builtIn) throws java.io.IOException {
        try (var in = GenericTests.class.getResourceAsStream("/dev/kiln/generic-tests/" + builtIn + ".predicate.sql")) {
            assertThat(in).as(builtIn + ".predicate.sql").isNotNull();
            return "select * from ${model}\nwhere (\n" + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    + "\n)\n";
        }
    }

    @Test
    void rowLevelPredicatesSelectTheSameRowsAsTheirTests() throws Exception {
        TempProject p = project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - expression_is_true: {expression: "amount < 15"}
                      - p_expression_is_true: {expression: "amount < 15"}
                    columns:
                      - name: email
                        data_tests: [not_null, p_not_null]
                      - name: status
                        data_tests:
                          - accepted_values: {values: [paid, refunded]}
                          - p_accepted_values: {values: [paid, refunded]}
                      - name: amount
                        data_tests:
                          - accepted_range: {min_value: 5, max_value: 20, inclusive: false}
                          - p_accepted_range: {min_value: 5, max_value: 20, inclusive: false}
                          - expression_is_true: {expression: ">= 6"}
                          - p_expression_is_true: {expression: ">= 6"}
                      - name: ordered_at
                        data_tests:
                          - accepted_range: {max_value: '2026-10-29'}
                          - p_accepted_range: {max_value: '2026-10-29'}
                """);
        for (String name : List.of("not_null", "accepted_values", "accepted_range", "expression_is_true")) {
            p.file("tests/generic/p_" + name + ".sql", predicateTest(name));
        }
        for (String aggregate : List.of("unique", "relationships", "row_count", "recency", "missing_share",
                "duplicate_share", "invalid_share", "unique_combination_of_columns", "expect_schema")) {
            assertThat(GenericTests.class.getResource("/dev/kiln/generic-tests/" + aggregate + ".predicate.sql")).isNull();
        }
        Checks c = build();
        for (String name : List.of("not_null", "accepted_values", "accepted_range", "expression_is_true")) {
            long builtIn = c.results().results().stream().filter(r -> r.uniqueId().startsWith("test.qc." + name + "_"))
                    .mapToLong(NodeResult::failures).sum();
            long predicate = c.results().results().stream().filter(r -> r.uniqueId().startsWith("test.qc.p_" + name + "_"))
                    .mapToLong(NodeResult::failures).sum();
            assertThat(predicate).as(name).isEqualTo(builtIn).isPositive();
        }
        assertFail(c.of("p_not_null", "orders"), 1);
        assertFail(c.of("p_accepted_range", "orders", args("min_value", 5, "max_value", 20, "inclusive", false)), 2);
        assertFail(c.of("p_accepted_range", "orders", args("max_value", "2026-10-29")), 2);
    }

    @Test
    void aMissingArgumentIsReportedAtLoadWithItsPositionAndAHint() {
        project("""
                version: 2
                models:
                  - name: orders
                    columns:
                      - name: amount
                        data_tests:
                          - missing_share: {treat_empty_as_missing: true}
                """);
        KilnException e = catchThrowableOfType(() -> Kiln.configure().projectDir(dir).load().close(), KilnException.class);
        assertThat(e).isNotNull();
        Diagnostic d = e.diagnostics().get(0);
        assertThat(d.message()).contains("missing_share").contains("max_share");
        assertThat(d.position().file().toString()).endsWith("schema.yml");
        assertThat(d.position().line()).isEqualTo(7);
        assertThat(d.position().column()).isEqualTo(13);
        assertThat(d.hint()).contains("max_share");
    }

    @Test
    void wrongArgumentsAreReportedAtLoadWithTheirPositionsAndHints() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - row_count: {min_vale: 1}
                    columns:
                      - name: email
                        data_tests:
                          - missing_share: {max_share: 1.5}
                          - recency: {field: ordered_at, datepart: fortnight, interval: 1}
                """);
        KilnException e = catchThrowableOfType(() -> Kiln.configure().projectDir(dir).load().close(), KilnException.class);
        assertThat(e).as("problems in test arguments are reported at load time").isNotNull();
        assertThat(e.diagnostics()).extracting(Diagnostic::code).contains("unknown-test-argument", "bad-test-argument",
                "test-needs-model");
        Diagnostic typo = e.diagnostics().stream().filter(d -> d.code().equals("unknown-test-argument")).findFirst().orElseThrow();
        assertThat(typo.position().line()).isEqualTo(5);
        assertThat(typo.position().column()).isEqualTo(9);
        assertThat(typo.hint()).isEqualTo("Did you mean 'min_value'?");
        Diagnostic share = e.diagnostics().stream().filter(d -> d.message().contains("max_share")).findFirst().orElseThrow();
        assertThat(share.position().line()).isEqualTo(9);
        assertThat(share.hint()).contains("between 0 and 1");
    }

    @Test
    void aBrokenRuleBetweenArgumentsIsReportedBeforeAnythingRuns() {
        project("""
                version: 2
                models:
                  - name: orders
                    data_tests:
                      - row_count: {strictly: true}
                """);
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> {
            Diagnostic d = e.diagnostics().get(0);
            assertThat(d.format()).contains("row_count").contains("min_value");
            assertThat(d.position().file().toString()).endsWith("schema.yml");
            assertThat(d.position().line()).isEqualTo(5);
        });
    }

    @Test
    void signaturesExplainWrongArgumentsWithHints() {
        GenericTests.SIGNATURES.forEach((name, sig) -> assertThat(GenericTests.BUILT_IN.get(name)).isEqualTo(sig.required()));
        TestSignature share = GenericTests.SIGNATURES.get("missing_share");
        assertThat(share.check("email", Map.of("max_share", 0.1))).isEmpty();
        List<TestSignature.Problem> p = share.check("email", Map.of("max_share", 1.5, "treat_empty", true));
        assertThat(p).extracting(TestSignature.Problem::code).containsExactly("bad-test-argument", "unknown-test-argument");
        assertThat(p.get(0).hint()).contains("between 0 and 1");
        assertThat(p.get(1).hint()).contains("treat_empty_as_missing");
        assertThat(GenericTests.SIGNATURES.get("accepted_range").check(null, Map.of("min_value", 1)))
                .extracting(TestSignature.Problem::code).containsExactly("test-needs-column");
        assertThat(GenericTests.SIGNATURES.get("row_count").check(null, Map.of("min_value", 9, "max_value", 1)))
                .extracting(TestSignature.Problem::message).containsExactly("'min_value' (9) is greater than 'max_value' (1).");
        assertThat(GenericTests.SIGNATURES.get("recency").check(null, Map.of("field", "t", "datepart", "fortnight", "interval", 2)))
                .extracting(TestSignature.Problem::hint).first().asString().contains("hour");
        assertThat(GenericTests.SIGNATURES.get("invalid_share").check("c", Map.of("max_share", 0.1)))
                .extracting(TestSignature.Problem::message).first().asString().contains("valid_values");
    }
}
