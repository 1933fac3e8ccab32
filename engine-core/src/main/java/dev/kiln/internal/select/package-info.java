/**
 * The select stage: dbt's node selection syntax evaluated against a
 * {@link dev.kiln.CompiledProject}.
 *
 * <p>{@link dev.kiln.internal.select.Selector} is the entry point. It parses every spec with
 * {@link dev.kiln.internal.select.SelectorParser} into {@link dev.kiln.internal.select.SelectorSpec}s,
 * then evaluates each criterion in three steps: a {@code MethodMatcher} per
 * {@link dev.kiln.internal.select.SelectorMethod} finds the nodes and sources the method names,
 * {@code GraphExpander} applies the graph operators, and {@code EagerTests} adds the tests of
 * what was selected. Commas intersect criteria, separate specs are a union, excludes are
 * subtracted. The user-facing reference is {@code docs/selection.md}.
 */
package dev.kiln.internal.select;
