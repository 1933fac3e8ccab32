package dev.kiln.internal.select;

import dev.kiln.ResourceType;
import dev.kiln.SourceTable;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code resource_type:model} (also {@code seed}, {@code snapshot}, {@code test},
 * {@code unit_test}, {@code source}, {@code exposure}): nodes of one kind. {@code resource_type:source} selects the
 * declared sources, which is useful with {@code +}.
 */
final class ResourceTypeMatcher implements MethodMatcher {

    private final SelectableIndex index;

    ResourceTypeMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        ResourceType type = ResourceType.fromDbtName(criterion.value());
        if (type == ResourceType.SOURCE) {
            Set<String> out = new HashSet<>();
            for (SourceTable s : index.sources()) {
                out.add(s.uniqueId());
            }
            return out;
        }
        return MethodMatcher.nodesWhere(index, n -> n.resourceType() == type);
    }
}
