package dev.kiln.internal.select;

import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code package:shop}: every node and source of the project with that name (a glob;
 * {@code package:this} is the project itself). Kiln projects have no installed packages, so this
 * selects everything or nothing.
 */
final class PackageMatcher implements MethodMatcher {

    private final SelectableIndex index;

    PackageMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        String value = criterion.value();
        boolean matches = value.equals("this") || Glob.of(value).matches(index.projectName());
        return matches ? new HashSet<>(index.allIds()) : new HashSet<>();
    }
}
