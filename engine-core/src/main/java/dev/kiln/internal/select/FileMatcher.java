package dev.kiln.internal.select;

import dev.kiln.SourceTable;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.Set;

/**
 * {@code file:stg_users.sql}: nodes (and sources) whose defining file has that name, with or
 * without its extension; globs allowed ({@code file:stg_*.sql}). Generic tests and snapshots are
 * defined by the YAML file that declares them.
 */
final class FileMatcher implements MethodMatcher {

    private final SelectableIndex index;

    FileMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Glob glob = Glob.of(criterion.value());
        Set<String> out = MethodMatcher.nodesWhere(index, n -> matches(glob, index.path(n)));
        for (SourceTable s : index.sources()) {
            if (matches(glob, index.path(s))) {
                out.add(s.uniqueId());
            }
        }
        return out;
    }

    private static boolean matches(Glob glob, String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return glob.matches(name) || (dot > 0 && glob.matches(name.substring(0, dot)));
    }
}
