package dev.kiln.spi;

/**
 * Appends rows to one staging table of a {@link LoadSink}. Rows are staged on the target (not
 * in memory) until {@link LoadSink#commit} moves them into place.
 */
public interface StageWriter {

    /** Adds a column (rows staged before it hold null). */
    void addColumn(String name, LoadType type);

    /** Changes a column's type to a wider one (see {@link LoadType#widen}); staged values are converted. */
    void widenColumn(String name, LoadType type);

    /**
     * Appends one row: one value per column, in the order the columns were added ({@code null},
     * {@link Boolean}, {@link Long}, {@link java.math.BigDecimal}, {@link Double},
     * {@link java.time.LocalDate}, {@link java.time.LocalDateTime} or {@link String}, matching
     * the column's type).
     */
    void append(Object[] row);
}
