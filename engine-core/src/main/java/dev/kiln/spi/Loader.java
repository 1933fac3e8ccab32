package dev.kiln.spi;

import dev.kiln.SourceLoad;

import java.util.Set;

/**
 * Where a loaded source's rows come from ({@code from: jdbc | http | files}), found with
 * {@link java.util.ServiceLoader} by {@link #name()} (register it in
 * {@code META-INF/services/dev.kiln.spi.Loader}). A loader reads its source as a stream and hands
 * batches to the target's {@link LoadSink}; it never holds the whole source in memory.
 */
public interface Loader {

    /** The {@code from:} value it serves. */
    String name();

    /**
     * The keys its blocks may hold besides {@link SourceLoad#COMMON_KEYS}; any other key is
     * reported when the project is loaded, at its file and line.
     */
    Set<String> keys();

    /**
     * Checks a table's settings when the project is loaded (required keys, values of the right
     * kind), reporting each problem at its key. The default checks nothing.
     */
    default void validate(SourceLoad load, Problems problems) {
    }

    /**
     * Loads one table: reads what is new since the state committed last time
     * ({@link LoadSink#state()}), stages it and commits it with the new state in one step. A
     * problem that stops the load is a {@link dev.kiln.KilnException} whose message says where
     * and what to do and never contains a credential.
     */
    LoadOutcome load(LoadRequest request);

    /** Receives the problems {@link #validate} finds. */
    @FunctionalInterface
    interface Problems {
        /** A problem with the value of {@code key} (or the block, when the key is absent). */
        void error(String key, String message, String hint);
    }
}
