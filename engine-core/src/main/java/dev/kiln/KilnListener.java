package dev.kiln;

import java.time.Duration;
import java.util.List;

/**
 * Receives progress from Kiln. Every method has a no-op default; implement what you need.
 * Methods may be called from worker threads, but never concurrently for the same node.
 */
public interface KilnListener {

    /** A listener that ignores everything. */
    KilnListener NONE = new KilnListener() { };

    /** Warnings found while loading or compiling (errors are thrown instead). */
    default void warnings(List<Diagnostic> warnings) {
    }

    /** A pipeline stage ({@code load}, {@code render}, {@code link}, {@code write}) finished. */
    default void stageFinished(String stage, Duration elapsed) {
    }
}
