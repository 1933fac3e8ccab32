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
         * Streams every row of {@code model} to {@code handler}, ordered by its single-column
         * unique key when it has one (so the replica can skip most of a table on a key lookup).
         */
        void stream(ServedModel model, RowHandler handler);

        /** Releases the warehouse; a second call does nothing. */
        @Override
        void close();
    }
}
