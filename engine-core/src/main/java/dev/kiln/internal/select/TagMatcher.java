package dev.kiln.internal.select;

import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/** {@code tag:daily}: nodes with a tag that matches the value (a glob: {@code tag:fin*}). */
final class TagMatcher implements MethodMatcher {

    private final SelectableIndex index;

    TagMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Glob tag = Glob.of(criterion.value());
        return MethodMatcher.nodesWhere(index, n -> n.config().tags().stream().anyMatch(tag::matches));
    }
}
