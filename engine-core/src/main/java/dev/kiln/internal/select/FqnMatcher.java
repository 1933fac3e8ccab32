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
        Pattern pattern = Pattern.of(value);
        Glob name = Glob.hasWildcard(value) ? Glob.of(value) : null;
        return MethodMatcher.nodesWhere(index, n -> n.name().equals(value)
                || (name != null && name.matches(n.name()))
                || qualifiedMatch(n, pattern));
    }

    private static boolean qualifiedMatch(CompiledNode node, Pattern pattern) {
        List<String> fqn = node.node().origin().fqn();
        // with the project name in front, then without it
        return pattern.matches(fqn, 0) || (fqn.size() > 1 && pattern.matches(fqn, 1));
    }

    /**
     * A value split at its first part with a wildcard: the literal parts before it must be the
     * first parts of the fqn (segments with dots in them count as several parts, as in dbt), the
     * glob must match the rest.
     *
     * @param prefix    the literal parts, each followed by a dot ({@code "staging."}); or the whole
     *                  value when it has no wildcard
     * @param rest      the glob for the remaining parts, or {@code null} without a wildcard
     * @param restParts how many parts the glob covers (the fqn needs at least as many)
     */
    private record Pattern(String prefix, Glob rest, int restParts) {

        static Pattern of(String value) {
            String[] parts = value.split("\\.", -1);
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (Glob.hasWildcard(parts[i])) {
                    String rest = String.join(".", List.of(parts).subList(i, parts.length));
                    return new Pattern(prefix.toString(), Glob.of(rest), parts.length - i);
                }
                prefix.append(parts[i]).append('.');
            }
            return new Pattern(value, null, 0);
        }

        /** Whether the fqn's segments from {@code from} on, joined with dots, match. */
        boolean matches(List<String> fqn, int from) {
            if (rest == null) {
                return literalPrefix(fqn, from, prefix);
            }
            String dotted = String.join(".", fqn.subList(from, fqn.size()));
            if (!dotted.startsWith(prefix)) {
                return false;
            }
            String remainder = dotted.substring(prefix.length());
            return !remainder.isEmpty() && parts(remainder) >= restParts && rest.matches(remainder);
        }

        /**
         * Whether {@code value} equals the dotted segments from {@code from} on, or a prefix of them
         * that ends at a dot. Compares in place, without joining the segments.
         */
        private static boolean literalPrefix(List<String> fqn, int from, String value) {
            int pos = 0;
            for (int i = from; i < fqn.size(); i++) {
                String segment = fqn.get(i);
                if (i > from) {
                    if (pos == value.length()) {
                        return true;
                    }
                    if (value.charAt(pos) != '.') {
                        return false;
                    }
                    pos++;
                }
                int n = Math.min(segment.length(), value.length() - pos);
                if (!segment.regionMatches(0, value, pos, n)) {
                    return false;
                }
                if (n < segment.length()) {
                    return segment.charAt(n) == '.';
                }
                pos += n;
            }
            return pos == value.length();
        }

        private static int parts(String dotted) {
            int n = 1;
            for (int i = 0; i < dotted.length(); i++) {
                if (dotted.charAt(i) == '.') {
                    n++;
                }
            }
            return n;
        }
    }
}
