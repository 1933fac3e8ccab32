package dev.kiln;

import java.util.Map;

/**
 * What a generic data test checks.
 *
 * @param name          the generic test: {@code unique}, {@code not_null}, {@code accepted_values},
 *                      {@code relationships}, or a custom one from {@code tests/generic/}
 * @param attachedNode  unique id of the model, seed, snapshot or source the test is declared on
 * @param columnName    the column, or {@code null} for a model-level test
 * @param kwargs        the test's arguments as written in YAML ({@code values}, {@code to}, {@code field}, …)
 * @param predicateTemplate for a row-level check, a template of the SQL condition that is true
 *                      for a failing row ({@code NAME.predicate.sql}), so that the checks of one
 *                      model can run in one scan; otherwise {@code null}
 */
public record TestMetadata(String name, String attachedNode, String columnName, Map<String, Object> kwargs,
                           String predicateTemplate) {

    /** A test without a row-level predicate form. */
    public TestMetadata(String name, String attachedNode, String columnName, Map<String, Object> kwargs) {
        this(name, attachedNode, columnName, kwargs, null);
    }
}
