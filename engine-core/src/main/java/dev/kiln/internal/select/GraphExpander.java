package dev.kiln.internal.select;

import dev.kiln.CompiledProject;
import dev.kiln.internal.select.SelectorSpec.GraphOperators;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies graph operators to the nodes a method matched: {@code +} (ancestors), {@code +}
 * after (descendants), depth limits, and {@code @} (descendants plus all of their ancestors).
 * Sources are vertices of the graph too, so {@code source:raw+} reaches the nodes that read it.
 * Walks breadth-first from all matched nodes at once, so each vertex is visited once per
 * operator however many nodes matched.
 */
final class GraphExpander {

    private final CompiledProject project;

    GraphExpander(CompiledProject project) {
        this.project = project;
    }

    /** {@code matched} plus what the operators add. */
    Set<String> expand(Set<String> matched, GraphOperators ops) {
        if (!ops.any()) {
            return matched;
        }
        Set<String> out = new HashSet<>(matched);
        if (ops.childrensParents()) {
            Set<String> down = reach(matched, GraphOperators.ALL, project::children);
            out.addAll(reach(down, GraphOperators.ALL, project::parents)); // holds down too
        }
        if (ops.parentsDepth() != GraphOperators.NONE) {
            out.addAll(reach(matched, ops.parentsDepth(), project::parents));
        }
        if (ops.childrenDepth() != GraphOperators.NONE) {
            out.addAll(reach(matched, ops.childrenDepth(), project::children));
        }
        return out;
    }

    /** {@code start} and every vertex at most {@code depth} steps away (any distance if negative). */
    private static Set<String> reach(Set<String> start, int depth, Function<String, List<String>> step) {
        Set<String> seen = new HashSet<>(start);
        List<String> frontier = new ArrayList<>(start);
        for (int d = 0; (depth < 0 || d < depth) && !frontier.isEmpty(); d++) {
            List<String> next = new ArrayList<>();
            for (String v : frontier) {
                for (String w : step.apply(v)) {
                    if (seen.add(w)) {
                        next.add(w);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }
}
