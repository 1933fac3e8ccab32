package dev.kiln.internal.select;

import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/**
 * Evaluates one parsed spec to the ids of the nodes and sources it selects: each criterion's
 * method, then its graph operators, then eager test selection; the criteria of an intersection
 * are intersected.
 */
final class SpecEvaluator {

    private final MethodMatchers matchers;
    private final GraphExpander graph;
    private final EagerTests tests;

    SpecEvaluator(MethodMatchers matchers, GraphExpander graph, EagerTests tests) {
        this.matchers = matchers;
        this.graph = graph;
        this.tests = tests;
    }

    /** What {@code spec} selects (a new, mutable set). */
    Set<String> evaluate(SelectorSpec spec) {
        Set<String> result = null;
        for (Criterion c : spec.criteria()) {
            Set<String> selected = tests.withTests(graph.expand(matchers.forMethod(c.method()).match(c), c.graph()));
            if (result == null) {
                result = selected;
            } else {
                result.retainAll(selected);
            }
            if (result.isEmpty()) {
                break;
            }
        }
        return result;
    }
}
