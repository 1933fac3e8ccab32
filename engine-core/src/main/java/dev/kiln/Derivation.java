package dev.kiln;

/**
 * One upstream column an output column derives from.
 *
 * @param from   the upstream column
 * @param direct true when the value is copied unchanged (a plain column reference, also through
 *               CTEs and subqueries); false when it is computed from it (an expression, an
 *               aggregate, a window)
 */
public record Derivation(ColumnRef from, boolean direct) {

    /** {@code direct} or {@code transformed}. */
    public String transform() {
        return direct ? "direct" : "transformed";
    }
}
