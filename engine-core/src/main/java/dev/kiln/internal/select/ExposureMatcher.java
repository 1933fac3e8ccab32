package dev.kiln.internal.select;

import dev.kiln.ResourceType;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/** {@code exposure:name}: enabled exposures by name (a glob: {@code exposure:*}). */
final class ExposureMatcher implements MethodMatcher {

    private final SelectableIndex index;

    ExposureMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Glob name = Glob.of(criterion.value());
        return MethodMatcher.nodesWhere(index, n -> n.resourceType() == ResourceType.EXPOSURE && name.matches(n.name()));
    }
}
