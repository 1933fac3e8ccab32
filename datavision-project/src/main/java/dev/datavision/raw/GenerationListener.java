package dev.datavision.raw;

import java.nio.file.Path;

/**
 * Progress of a generation run. All methods have no-op defaults and are called on the thread that
 * called {@link RawDataGenerator#generate()}. An exception thrown here aborts the run; nothing is
 * left behind in that case.
 */
public interface GenerationListener {

    /** A pass over all users starts ({@code pass} is {@code lives} or {@code interactions}). */
    default void passStarted(String pass, long users) {
    }

    /** {@code done} of {@code total} users of the pass are written. */
    default void usersDone(String pass, long done, long total) {
    }

    /** A Parquet part file was written. */
    default void partWritten(String table, int part, long rows, Path file) {
    }

    /** A table is complete. */
    default void tableFinished(String table, long rows) {
    }

    /** The run finished and the directories were swapped into place. */
    default void finished(GenerationSummary summary) {
    }
}
