package dev.kiln.internal.analyze;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A relation in scope while lineage is resolved: the names it can be qualified by, its known
 * columns, and (when its columns are not all known) a wildcard that stands for the rest.
 */
final class Rel {

    final Set<String> keys;
    final Map<String, Col> columns = new LinkedHashMap<>();
    Col wildcard;

    Rel(Set<String> keys) {
        this.keys = keys;
    }

    /** A relation with the output of a query, renamed by {@code names} where given. */
    static Rel of(Set<String> keys, Resolved out, List<String> names) {
        Rel r = new Rel(keys);
        int i = 0;
        for (Col c : out.columns()) {
            String name = i < names.size() ? names.get(i) : c.name;
            i++;
            if (name != null) {
                r.put(c.renamed(name));
            }
        }
        r.wildcard = out.wildcard();
        return r;
    }

    void put(Col c) {
        columns.putIfAbsent(c.name.toLowerCase(Locale.ROOT), c);
    }

    /** Whether {@code qualifier} (lower case, dotted) names this relation. */
    boolean named(String qualifier) {
        return keys.contains(qualifier);
    }

    /** The column {@code name}, or {@code null} when it has none. */
    Col column(String name) {
        Col c = columns.get(name.toLowerCase(Locale.ROOT));
        if (c != null) {
            return c;
        }
        return wildcard == null ? null : new Col(name, wildcard.forColumn(name));
    }

    /** Whether the column is one of its known columns. */
    boolean hasKnown(String name) {
        return columns.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Its known columns, in order. */
    List<Col> known() {
        return new ArrayList<>(columns.values());
    }

    /**
     * The output of a query.
     *
     * @param columns  its columns, in order
     * @param wildcard what its unnamed columns come from, or {@code null} when all are named
     */
    record Resolved(List<Col> columns, Col wildcard) {
    }
}
