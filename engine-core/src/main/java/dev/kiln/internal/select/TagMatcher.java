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
        return MethodMatcher.nodesWhere(index, n -> hasTag(n.config().values().get("tags"), tag));
    }

    /** Reads {@code tags} as {@link dev.kiln.NodeConfig#tags()} does, without copying it. */
    private static boolean hasTag(Object tags, Glob tag) {
        if (tags instanceof java.util.Collection<?> list) {
            for (Object t : list) {
                if (tag.matches(String.valueOf(t))) {
                    return true;
                }
            }
            return false;
        }
        return tags != null && tag.matches(String.valueOf(tags));
    }
}
