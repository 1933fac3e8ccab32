package dev.kiln;

import java.util.List;

/**
 * One output column of a model and where its values come from.
 *
 * @param name the column's name ({@link ColumnRef#ALL} for the columns a {@code SELECT *} passes
 *             through from relations whose columns are not known)
 * @param from the upstream columns it derives from, in order of appearance
 */
public record ColumnLineage(String name, List<Derivation> from) {
    /** Copies the list. */
    public ColumnLineage {
        from = List.copyOf(from);
    }
}
