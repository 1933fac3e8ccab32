package dev.kiln;

import java.util.List;
import java.util.Map;

/**
 * A unit test declared under {@code unit_tests:} in YAML: fixed input rows for the
 * model's {@code ref()}s and {@code source()}s, and the rows it must return.
 *
 * @param uniqueId  {@code unit_test.<project>.<model>.<name>}
 * @param name      the test's name
 * @param model     the model under test
 * @param given     input fixtures, in declaration order
 * @param expect    expected output rows (each a column → value map)
 * @param overrides {@code vars}, {@code macros} and {@code env_vars} to use while rendering
 * @param description what it checks
 * @param origin    where it is declared
 */
public record UnitTestSpec(String uniqueId, String name, String model, List<Given> given,
                           List<Map<String, Object>> expect, Map<String, Object> overrides,
                           String description, NodeOrigin origin) {

    /**
     * One input of a unit test.
     *
     * @param input    {@code ref('name')}, {@code source('s', 't')} or {@code this}
     * @param rows     the rows, each a column → value map
     * @param position where it is declared
     */
    public record Given(String input, List<Map<String, Object>> rows, SourcePosition position) {
    }
}
