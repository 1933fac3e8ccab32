package dev.kiln.spi;

import java.util.List;

/**
 * Receives the rows of a streamed query ({@link Session#stream}) one at a time, so that a
 * large result never has to be held in memory.
 */
@FunctionalInterface
public interface RowHandler {

    /**
     * Called once before the first row, with the result's shape. The default does nothing.
     *
     * @param columns column names
     * @param types   the warehouse's type names
     */
    default void start(List<String> columns, List<String> types) {
    }

    /**
     * One row; values are JDBC-style Java objects in column order. The list may be reused
     * for the next row: copy it to keep it.
     */
    void row(List<Object> values);
}
