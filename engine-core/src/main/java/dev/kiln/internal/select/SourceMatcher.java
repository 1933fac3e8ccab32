package dev.kiln.internal.select;

import dev.kiln.SourceTable;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code source:raw}, {@code source:raw.users} or {@code source:shop.raw.users}: declared
 * source tables (globs allowed in each part). Sources are not run themselves; with {@code +}
 * ({@code source:raw+}) the nodes that read them are selected, and the data tests declared on a
 * source are selected with it.
 */
final class SourceMatcher implements MethodMatcher {

    private final SelectableIndex index;

    SourceMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        String[] parts = criterion.value().split("\\.", -1);
        Glob project = parts.length == 3 ? Glob.of(parts[0]) : Glob.of("*");
        Glob source = Glob.of(parts[parts.length == 3 ? 1 : 0]);
        Glob table = parts.length == 1 ? Glob.of("*") : Glob.of(parts[parts.length - 1]);
        Set<String> out = new HashSet<>();
        if (!project.matches(index.projectName())) {
            return out;
        }
        for (SourceTable s : index.sources()) {
            if (source.matches(s.sourceName()) && table.matches(s.name())) {
                out.add(s.uniqueId());
            }
        }
        return out;
    }
}
