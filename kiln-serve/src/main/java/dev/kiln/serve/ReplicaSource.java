package dev.kiln.serve;

import dev.kiln.spi.RowHandler;

/**
 * Where the replica copies the served models from: the target's warehouse. The warehouse is
 * held only while a {@link Reader} is open, so that a build can write it the rest of the time.
 */
public interface ReplicaSource {

    /** Connects to the warehouse; the caller closes the reader when the copy is done. */
    Reader open();

    /** A connection to the warehouse for one copy. */
    interface Reader extends AutoCloseable {

        /** Whether the model exists in the warehouse (has been built). */
        boolean exists(ServedModel model);

        /**
         * Streams every row of {@code model} to {@code handler}, in {@link ServedModel#copyOrder()}
         * (so the replica can skip most of a table on a key lookup, and pages follow that order).
         */
        void stream(ServedModel model, RowHandler handler);

        /**
         * Fills the replica's table {@code table} with the rows of {@code model} directly, when this
         * source can (a DuckDB file attached to the replica's database), and returns true; the
         * default returns false and the rows are {@linkplain #stream streamed} instead.
         *
         * @param replica a connection to the replica's database
         * @param table   the quoted name of the table to create
         */
        default boolean copyInto(ServedModel model, java.sql.Connection replica, String table) throws java.sql.SQLException {
            return false;
        }

        /** Releases the warehouse; a second call does nothing. */
        @Override
        void close();
    }
}
