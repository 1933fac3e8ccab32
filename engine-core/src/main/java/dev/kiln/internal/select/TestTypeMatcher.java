package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.ResourceType;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code test_type:generic} (a test declared in YAML), {@code singular} (a query in
 * {@code tests/}), {@code data} (both) or {@code unit} (a unit test).
 */
final class TestTypeMatcher implements MethodMatcher {

    private final SelectableIndex index;

    TestTypeMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Predicate<CompiledNode> dataTest = n -> n.resourceType() == ResourceType.TEST;
        Predicate<CompiledNode> test = switch (criterion.value()) {
            case "generic" -> dataTest.and(n -> n.node().test() != null);
            case "singular" -> dataTest.and(n -> n.node().test() == null);
            case "data" -> dataTest;
            case "unit" -> n -> n.resourceType() == ResourceType.UNIT_TEST;
            default -> n -> false; // the parser only lets accepted values through
        };
        return MethodMatcher.nodesWhere(index, test);
    }
}
