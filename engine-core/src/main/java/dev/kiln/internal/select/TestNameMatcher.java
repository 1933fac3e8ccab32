package dev.kiln.internal.select;

import dev.kiln.ResourceType;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/**
 * {@code test_name:not_null}: data tests that instantiate that generic test (a glob:
 * {@code test_name:accepted_*}), and unit tests with that name.
 */
final class TestNameMatcher implements MethodMatcher {

    private final SelectableIndex index;

    TestNameMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Glob name = Glob.of(criterion.value());
        return MethodMatcher.nodesWhere(index, n -> {
            if (n.resourceType() == ResourceType.TEST) {
                return n.node().test() != null && name.matches(n.node().test().name());
            }
            return n.resourceType() == ResourceType.UNIT_TEST && name.matches(n.name());
        });
    }
}
