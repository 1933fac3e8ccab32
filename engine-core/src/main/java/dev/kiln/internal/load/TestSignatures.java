package dev.kiln.internal.load;

import dev.kiln.internal.load.TestSignature.Argument;
import dev.kiln.internal.load.TestSignature.Kind;
import dev.kiln.internal.load.TestSignature.Problem;
import dev.kiln.internal.load.TestSignature.Rule;
import dev.kiln.internal.load.TestSignature.Scope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signatures of Kiln's built-in generic tests: dbt's four, and the quality checks named
 * after dbt-utils, dbt-expectations and Soda Core (see {@code docs/quality-checks.md}).
 */
final class TestSignatures {

    private TestSignatures() {
    }

    /** Every built-in test by name, in the order the docs list them. */
    static Map<String, TestSignature> all() {
        Map<String, TestSignature> m = new LinkedHashMap<>();
        add(m, "not_null", Scope.COLUMN);
        add(m, "unique", Scope.COLUMN);
        add(m, "accepted_values", Scope.COLUMN, req("values", Kind.LIST), opt("quote", Kind.BOOLEAN));
        add(m, "relationships", Scope.COLUMN, req("to", Kind.ANY), req("field", Kind.TEXT));
        TestSignature rowCount = sig("row_count", "row_count", Scope.MODEL,
                List.of(opt("min_value", Kind.NUMBER), opt("max_value", Kind.NUMBER), opt("strictly", Kind.BOOLEAN)),
                List.of(atLeastOne("row_count", "min_value", "max_value"), ordered("min_value", "max_value")));
        m.put(rowCount.name(), rowCount);
        m.put("expect_table_row_count_to_be_between", new TestSignature("expect_table_row_count_to_be_between",
                "row_count", rowCount.scope(), rowCount.arguments(), List.of(
                atLeastOne("expect_table_row_count_to_be_between", "min_value", "max_value"),
                ordered("min_value", "max_value"))));
        add(m, sig("accepted_range", "accepted_range", Scope.COLUMN,
                List.of(opt("min_value", Kind.BOUND), opt("max_value", Kind.BOUND), opt("inclusive", Kind.BOOLEAN)),
                List.of(atLeastOne("accepted_range", "min_value", "max_value"), ordered("min_value", "max_value"))));
        add(m, "expression_is_true", Scope.ANY, req("expression", Kind.TEXT));
        add(m, "unique_combination_of_columns", Scope.MODEL, req("combination_of_columns", Kind.LIST),
                opt("quote_columns", Kind.BOOLEAN));
        add(m, sig("recency", "recency", Scope.MODEL,
                List.of(req("field", Kind.TEXT), req("datepart", Kind.DATEPART), req("interval", Kind.NUMBER),
                        opt("as_of", Kind.TEXT), opt("ignore_time_component", Kind.BOOLEAN)),
                List.of(positive("interval"))));
        add(m, "missing_share", Scope.COLUMN, req("max_share", Kind.SHARE), opt("treat_empty_as_missing", Kind.BOOLEAN));
        add(m, "duplicate_share", Scope.COLUMN, req("max_share", Kind.SHARE));
        add(m, sig("invalid_share", "invalid_share", Scope.COLUMN,
                List.of(req("max_share", Kind.SHARE), opt("valid_values", Kind.LIST), opt("quote", Kind.BOOLEAN),
                        opt("valid_regex", Kind.TEXT), opt("valid_min", Kind.BOUND), opt("valid_max", Kind.BOUND)),
                List.of(atLeastOne("invalid_share", "valid_values", "valid_regex", "valid_min", "valid_max"),
                        ordered("valid_min", "valid_max"))));
        add(m, "not_null_proportion", Scope.COLUMN, req("at_least", Kind.SHARE), opt("at_most", Kind.SHARE));
        add(m, "at_least_one", Scope.COLUMN);
        add(m, "equal_rowcount", Scope.MODEL, req("compare_model", Kind.ANY));
        add(m, "mutually_exclusive_ranges", Scope.MODEL, req("lower_bound_column", Kind.TEXT),
                req("upper_bound_column", Kind.TEXT), opt("partition_by", Kind.TEXT), opt("gaps", Kind.TEXT),
                opt("zero_length_range_allowed", Kind.BOOLEAN));
        add(m, "sequential_values", Scope.COLUMN, opt("interval", Kind.NUMBER), opt("datepart", Kind.DATEPART),
                opt("group_by_columns", Kind.LIST));
        add(m, "expect_schema", Scope.MODEL, req("columns", Kind.MAP_OR_LIST), opt("allow_extra_columns", Kind.BOOLEAN));
        return Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, TestSignature> m, String name, Scope scope, Argument... args) {
        add(m, sig(name, name, scope, Arrays.asList(args), List.of()));
    }

    private static void add(Map<String, TestSignature> m, TestSignature s) {
        m.put(s.name(), s);
    }

    private static TestSignature sig(String name, String resource, Scope scope, List<Argument> args, List<Rule> rules) {
        return new TestSignature(name, resource, scope, List.copyOf(args), List.copyOf(rules));
    }

    private static Argument req(String name, Kind kind) {
        return new Argument(name, kind, true);
    }

    private static Argument opt(String name, Kind kind) {
        return new Argument(name, kind, false);
    }

    /** At least one of {@code names} must be given. */
    private static Rule atLeastOne(String test, String... names) {
        return new Rule(kwargs -> {
            for (String n : names) {
                if (kwargs.get(n) != null) {
                    return null;
                }
            }
            List<String> quoted = new ArrayList<>();
            for (String n : names) {
                quoted.add("'" + n + "'");
            }
            return new Problem("missing-test-argument", "Test '" + test + "' needs " + String.join(" or ", quoted) + ".",
                    "Write '- " + test + ": {" + names[0] + ": …}'.");
        });
    }

    /** When both numeric bounds are given, the lower one must not exceed the upper one. */
    private static Rule ordered(String low, String high) {
        return new Rule(kwargs -> {
            Object lo = kwargs.get(low);
            Object hi = kwargs.get(high);
            if (TestSignature.isNumber(lo) && TestSignature.isNumber(hi) && TestSignature.number(lo) > TestSignature.number(hi)) {
                return new Problem("bad-test-argument", "'" + low + "' (" + lo + ") is greater than '" + high + "' (" + hi
                        + ").", "Swap them.");
            }
            return null;
        });
    }

    private static Rule positive(String name) {
        return new Rule(kwargs -> TestSignature.number(kwargs.get(name)) > 0 ? null
                : new Problem("bad-test-argument", "'" + name + "' must be positive, not " + kwargs.get(name) + ".",
                "Write how far back the newest row may be, e.g. '" + name + ": 1'."));
    }
}
