package dev.kiln;

/**
 * What kind of failure a {@link KilnException} reports, and the process exit code the
 * command line maps it to: 1 when a model or test failed, 2 when the project or the
 * command is invalid and nothing was executed, 3 when another process holds the database.
 */
public enum ErrorCode {
    /** The project has errors (YAML, templates, graph); nothing was executed. */
    PROJECT_INVALID(2),
    /** The command was called wrongly (bad option, bad selector, unknown target). */
    USAGE(2),
    /** No adapter could be found or configured for the target. */
    ADAPTER_UNAVAILABLE(2),
    /** A model, seed, snapshot or test failed while running. */
    EXECUTION_FAILED(1),
    /** The run was cancelled (Ctrl-C). */
    CANCELLED(1),
    /**
     * A warning was treated as an error ({@code --warn-error}, {@code --warn-error-options}); the
     * command stopped there.
     */
    WARNINGS_AS_ERRORS(1),
    /** Reading or writing a file failed. */
    IO(1),
    /**
     * The database is locked by another process (on DuckDB: another kiln building the same
     * file); nothing was executed. Try again when it has finished.
     */
    DATABASE_LOCKED(3);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
