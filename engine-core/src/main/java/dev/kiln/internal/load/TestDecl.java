package dev.kiln.internal.load;

import dev.kiln.SourcePosition;

import java.util.Map;

/**
 * A data test as written in YAML, before it becomes a node.
 *
 * @param testName generic test name ({@code unique}, {@code accepted_values}, …)
 * @param column   the column it is declared on, or {@code null}
 * @param kwargs   arguments ({@code values}, {@code to}, {@code field}, …)
 * @param config   test config ({@code severity}, {@code where}, …)
 * @param position where it is written
 */
record TestDecl(String testName, String column, Map<String, Object> kwargs, Map<String, Object> config,
                SourcePosition position) {
}
