package dev.kiln;

import java.time.Duration;
import java.util.List;

/**
 * Receives progress from Kiln. Every method has a no-op default; implement what you need.
 * Node events come from worker threads; Kiln calls a listener from one thread at a time.
 */
public interface KilnListener {

    /** A listener that ignores everything. */
    KilnListener NONE = new KilnListener() { };

    /** Warnings found while loading or compiling (errors are thrown instead). */
    default void warnings(List<Diagnostic> warnings) {
    }

    /**
     * A pipeline stage ({@code load}, {@code render}, {@code link}, {@code analyze}, {@code defer},
     * {@code write}) finished.
     */
    default void stageFinished(String stage, Duration elapsed) {
    }

    /** A run is about to start {@code total} steps. */
    default void runStarted(Command command, int total) {
    }

    /** A node started; {@code index} counts from 1 in start order. */
    default void nodeStarted(CompiledNode node, int index, int total) {
    }

    /** A node finished (or was skipped); {@code index} counts from 1 in finish order. */
    default void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
    }

    /**
     * A progress line from a long-running node (a sync sending batches, a report writing rows).
     * Called from worker threads; the default does nothing.
     */
    default void progress(CompiledNode node, String line) {
    }

    /** The run finished. */
    default void runFinished(RunResults results) {
    }
}
