package dev.kiln.internal.analyze;

import dev.kiln.ColumnRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A column while lineage is resolved: its name and the upstream columns it derives from, each
 * with whether it is copied unchanged. Mutable, owned by one resolution.
 */
final class Col {

    final String name;
    final Map<ColumnRef, Boolean> from;

    Col(String name) {
        this(name, new LinkedHashMap<>());
    }

    Col(String name, Map<ColumnRef, Boolean> from) {
        this.name = name;
        this.from = from;
    }

    /** Adds upstream columns; {@code direct} false marks them all as transformed. */
    Col add(Map<ColumnRef, Boolean> more, boolean direct) {
        more.forEach((ref, d) -> from.merge(ref, d && direct, Boolean::logicalOr));
        return this;
    }

    /**
     * Adds the upstream columns of another branch of a set operation: a column is direct only
     * if it is direct in every branch that reads it.
     */
    Col union(Map<ColumnRef, Boolean> branch) {
        branch.forEach((ref, d) -> from.merge(ref, d, Boolean::logicalAnd));
        return this;
    }

    /** A copy under another name. */
    Col renamed(String newName) {
        return new Col(newName, new LinkedHashMap<>(from));
    }

    /** A copy with every derivation marked transformed. */
    Col transformed(String newName) {
        return new Col(newName).add(from, false);
    }

    /**
     * What the column {@code column} of a relation derives from, when this is the relation's
     * wildcard: {@code *} entries stand for the column of the same name.
     */
    Map<ColumnRef, Boolean> forColumn(String column) {
        Map<ColumnRef, Boolean> out = new LinkedHashMap<>();
        from.forEach((ref, d) -> out.merge(ref.isAll() ? ref.rename(column) : ref, d, Boolean::logicalOr));
        return out;
    }
}
