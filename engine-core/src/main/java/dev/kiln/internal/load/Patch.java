package dev.kiln.internal.load;

import dev.kiln.ColumnSpec;
import dev.kiln.Constraint;
import dev.kiln.SourcePosition;

import java.util.List;
import java.util.Map;

/**
 * What a YAML entry under {@code models:}, {@code seeds:} or {@code snapshots:} says about a
 * resource: documentation, config and tests.
 *
 * @param name        the resource's name
 * @param description its description
 * @param columns     documented columns
 * @param config      {@code config:}
 * @param tests       data tests on the resource and its columns
 * @param relation    for a snapshot: {@code ref('x')} or {@code source('s', 't')}; else {@code null}
 * @param position    where the entry starts
 * @param constraints dbt {@code constraints:} of the resource and of its columns
 */
record Patch(String name, String description, List<ColumnSpec> columns, Map<String, Object> config,
             List<TestDecl> tests, String relation, SourcePosition position, List<Constraint> constraints) {
}
