package dev.kiln.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * How the columns of newly built rows differ from those of the existing table. Names are
 * compared without regard to case; types as the warehouse reports them.
 *
 * @param common  the columns both have, named and ordered as in the table
 * @param added   the columns only the new rows have, with their types
 * @param removed the columns only the table has
 * @param retyped the columns both have with different types
 */
public record SchemaChange(List<String> common, List<RelationInfo.Column> added, List<RelationInfo.Column> removed,
                           List<Retyped> retyped) {

    /**
     * A column whose type changed.
     *
     * @param name the column
     * @param from its type in the table
     * @param to   its type in the new rows
     */
    public record Retyped(String name, String from, String to) {
    }

    /** Copies the lists. */
    public SchemaChange {
        common = List.copyOf(common);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        retyped = List.copyOf(retyped);
    }

    /** Compares the columns of the existing table with those of the new rows. */
    public static SchemaChange between(List<RelationInfo.Column> table, List<RelationInfo.Column> incoming) {
        Map<String, RelationInfo.Column> in = byName(incoming);
        Map<String, RelationInfo.Column> existing = byName(table);
        List<String> common = new ArrayList<>();
        List<RelationInfo.Column> removed = new ArrayList<>();
        List<Retyped> retyped = new ArrayList<>();
        for (RelationInfo.Column c : table) {
            RelationInfo.Column n = in.get(key(c.name()));
            if (n == null) {
                removed.add(c);
                continue;
            }
            common.add(c.name());
            if (!normalType(c.type()).equals(normalType(n.type()))) {
                retyped.add(new Retyped(c.name(), c.type(), n.type()));
            }
        }
        List<RelationInfo.Column> added = incoming.stream().filter(c -> !existing.containsKey(key(c.name()))).toList();
        return new SchemaChange(common, added, removed, retyped);
    }

    /** True when the columns and their types are the same. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
    }

    /** The differences in words, e.g. {@code added: score (INTEGER); removed: plan; type changed: id INTEGER → BIGINT}. */
    public String describe() {
        StringJoiner j = new StringJoiner("; ");
        if (!added.isEmpty()) {
            StringJoiner a = new StringJoiner(", ", "added: ", "");
            added.forEach(c -> a.add(c.name() + " (" + c.type() + ")"));
            j.add(a.toString());
        }
        if (!removed.isEmpty()) {
            StringJoiner r = new StringJoiner(", ", "removed: ", "");
            removed.forEach(c -> r.add(c.name()));
            j.add(r.toString());
        }
        if (!retyped.isEmpty()) {
            StringJoiner t = new StringJoiner(", ", "type changed: ", "");
            retyped.forEach(c -> t.add(c.name() + " " + c.from() + " → " + c.to()));
            j.add(t.toString());
        }
        return j.length() == 0 ? "no change" : j.toString();
    }

    /** The lookup key of a column name. */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String normalType(String type) {
        return type == null ? "" : type.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    private static Map<String, RelationInfo.Column> byName(List<RelationInfo.Column> columns) {
        Map<String, RelationInfo.Column> m = new LinkedHashMap<>();
        columns.forEach(c -> m.putIfAbsent(key(c.name()), c));
        return m;
    }
}
