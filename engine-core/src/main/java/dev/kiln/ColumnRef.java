package dev.kiln;

import java.util.Locale;

/**
 * A column of a node, source or other relation, as lineage names it.
 *
 * @param uniqueId the node's or source's unique id; for a table Kiln does not manage,
 *                 {@code relation.<name as written>}
 * @param column   the column's name; {@code *} stands for every column of a relation whose
 *                 columns are not known (its columns pass through by name)
 */
public record ColumnRef(String uniqueId, String column) {

    /** The name that stands for every column. */
    public static final String ALL = "*";

    /** True for {@link #ALL}. */
    public boolean isAll() {
        return ALL.equals(column);
    }

    /** The same column with another name, in the same relation. */
    public ColumnRef rename(String name) {
        return new ColumnRef(uniqueId, name);
    }

    /** A case-insensitive key. */
    public String key() {
        return uniqueId + "\u0000" + column.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return uniqueId + "." + column;
    }
}
