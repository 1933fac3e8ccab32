package dev.kiln;

import java.util.List;
import java.util.Map;

/**
 * A unit test declared under {@code unit_tests:} in YAML: fixed input rows for the
 * model's {@code ref()}s and {@code source()}s, and the rows it must return.
 *
 * @param uniqueId     {@code unit_test.<project>.<model>.<name>}
 * @param name         the test's name
 * @param model        the model under test
 * @param given        input fixtures, in declaration order
 * @param expect       expected output rows (each a column → value map); empty with {@code format: sql}
 * @param overrides    {@code vars}, {@code macros} and {@code env_vars} to use while rendering
 * @param description  what it checks
 * @param origin       where it is declared
 * @param expectFormat how {@code expect.rows} is written: {@code dict}, {@code csv} or {@code sql}
 * @param expectText   with {@code csv}: the CSV text; with {@code sql}: the query whose rows are expected;
 *                     {@code null} with {@code dict}
 */
public record UnitTestSpec(String uniqueId, String name, String model, List<Given> given,
                           List<Map<String, Object>> expect, Map<String, Object> overrides,
                           String description, NodeOrigin origin, String expectFormat, String expectText) {

    /** The fixture formats ({@code format:} of {@code given} and {@code expect}), as in dbt. */
    public static final List<String> FORMATS = List.of("dict", "csv", "sql");

    /** A unit test whose expected rows are written as a list of mappings ({@code format: dict}). */
    public UnitTestSpec(String uniqueId, String name, String model, List<Given> given,
                        List<Map<String, Object>> expect, Map<String, Object> overrides,
                        String description, NodeOrigin origin) {
        this(uniqueId, name, model, given, expect, overrides, description, origin, "dict", null);
    }

    /**
     * One input of a unit test.
     *
     * @param input    {@code ref('name')}, {@code source('s', 't')} or {@code this}
     * @param rows     the rows, each a column → value map; empty with {@code format: sql}
     * @param position where it is declared
     * @param format   how its rows are written: {@code dict}, {@code csv} or {@code sql}
     * @param text     with {@code csv}: the CSV text; with {@code sql}: the query that returns the rows;
     *                 {@code null} with {@code dict}
     */
    public record Given(String input, List<Map<String, Object>> rows, SourcePosition position, String format,
                        String text) {

        /** An input whose rows are written as a list of mappings ({@code format: dict}). */
        public Given(String input, List<Map<String, Object>> rows, SourcePosition position) {
            this(input, rows, position, "dict", null);
        }

        /** Whether its rows are a query ({@code format: sql}). */
        public boolean isSql() {
            return "sql".equals(format);
        }
    }

    /** Whether the expected rows are a query ({@code format: sql}). */
    public boolean expectIsSql() {
        return "sql".equals(expectFormat);
    }
}
