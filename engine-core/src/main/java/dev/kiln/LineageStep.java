package dev.kiln;

/**
 * A column reached by walking lineage from a starting column.
 *
 * @param column the column reached
 * @param depth  edges from the start (1 for an immediate parent or child)
 * @param direct true when every edge on the way copies the value unchanged
 * @param via    the column one step nearer the start (the start itself at depth 1)
 */
public record LineageStep(ColumnRef column, int depth, boolean direct, ColumnRef via) {
}
