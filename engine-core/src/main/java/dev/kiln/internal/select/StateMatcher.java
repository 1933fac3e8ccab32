package dev.kiln.internal.select;

import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/**
 * {@code state:new}, {@code old}, {@code modified}, {@code unmodified},
 * {@code modified.body}, {@code modified.configs}, {@code modified.relation}: nodes compared with
 * the manifest of an earlier run. Every {@code modified} variant includes new nodes, as in dbt.
 * Sources are not compared.
 */
final class StateMatcher implements MethodMatcher {

    private final SelectableIndex index;
    private final StateComparator comparator;

    StateMatcher(SelectableIndex index, StateComparator comparator) {
        this.index = index;
        this.comparator = comparator;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        String value = criterion.value();
        return MethodMatcher.nodesWhere(index, n -> comparator.diff(n).matches(value));
    }
}
