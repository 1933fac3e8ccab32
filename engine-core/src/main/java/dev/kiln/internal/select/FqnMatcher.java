package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.util.List;
import java.util.Set;

/**
 * {@code fqn:} and bare names, as dbt matches them: a node is selected when the value equals
 * its name, or when the value's dot-separated parts are a prefix of its fully qualified name
 * (with or without the project name in front: {@code staging} selects everything under
 * {@code models/staging}); from the first part with a wildcard on, the rest of the fqn is
 * matched as a glob. Kiln also matches a wildcard value against the node's name alone, so
 * {@code stg_*} selects {@code models/staging/stg_users.sql}.
 */
final class FqnMatcher implements MethodMatcher {

    private final SelectableIndex index;

    FqnMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        String value = criterion.value();
        String[] parts = value.split("\\.", -1);
        int slurp = -1;
        for (int i = 0; i < parts.length && slurp < 0; i++) {
            if (Glob.hasWildcard(parts[i])) {
                slurp = i;
            }
        }
        Glob rest = slurp < 0 ? null : Glob.of(String.join(".", List.of(parts).subList(slurp, parts.length)));
        Glob name = Glob.hasWildcard(value) ? Glob.of(value) : null;
        int from = slurp;
        return MethodMatcher.nodesWhere(index, n -> n.name().equals(value)
                || (name != null && name.matches(n.name()))
                || qualifiedMatch(n, parts, from, rest));
    }

    private boolean qualifiedMatch(CompiledNode node, String[] parts, int slurp, Glob rest) {
        List<String> flat = index.flatFqn(node);
        return prefixMatch(flat, parts, slurp, rest)
                || (flat.size() > 1 && prefixMatch(flat.subList(1, flat.size()), parts, slurp, rest));
    }

    private static boolean prefixMatch(List<String> fqn, String[] parts, int slurp, Glob rest) {
        if (fqn.size() < parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (i == slurp) {
                return rest.matches(String.join(".", fqn.subList(i, fqn.size())));
            }
            if (!fqn.get(i).equals(parts[i])) {
                return false;
            }
        }
        return true;
    }
}
