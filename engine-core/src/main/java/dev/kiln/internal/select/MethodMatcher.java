package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/** One selection method: finds the nodes and sources that a criterion's {@code method:value} names. */
interface MethodMatcher {

    /** Ids of the nodes and sources the criterion's method matches (before graph operators). */
    Set<String> match(Criterion criterion);

    /** Ids of the compiled nodes that satisfy {@code test}. */
    static Set<String> nodesWhere(SelectableIndex index, Predicate<CompiledNode> test) {
        Set<String> out = new HashSet<>();
        for (CompiledNode n : index.nodes()) {
            if (test.test(n)) {
                out.add(n.uniqueId());
            }
        }
        return out;
    }
}
