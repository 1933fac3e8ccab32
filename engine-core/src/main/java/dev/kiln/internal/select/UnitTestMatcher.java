package dev.kiln.internal.select;

import dev.kiln.ResourceType;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/** {@code unit_test:name}: unit tests by name (a glob: {@code unit_test:*}). */
final class UnitTestMatcher implements MethodMatcher {

    private final SelectableIndex index;

    UnitTestMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Glob name = Glob.of(criterion.value());
        return MethodMatcher.nodesWhere(index, n -> n.resourceType() == ResourceType.UNIT_TEST && name.matches(n.name()));
    }
}
