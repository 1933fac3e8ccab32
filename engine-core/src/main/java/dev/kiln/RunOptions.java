package dev.kiln;

/**
 * Options of a run.
 *
 * @param fullRefresh rebuild incremental models and seeds from scratch ({@code --full-refresh})
 * @param failFast    stop at the first failure: running nodes finish, the rest are skipped ({@code --fail-fast})
 * @param dryRun      syncs work out and write what they would send, and send nothing ({@code kiln sync --dry-run})
 * @param empty       every {@code ref()} and {@code source()} reads no rows ({@code --empty}, as in dbt 1.8): the
 *                    models' SQL and columns are checked on the warehouse and their relations created empty
 */
public record RunOptions(boolean fullRefresh, boolean failFast, boolean dryRun, boolean empty) {

    /** No full refresh, no fail-fast, no dry run, not empty. */
    public static final RunOptions DEFAULTS = new RunOptions(false, false, false, false);

    /** Options without a dry run. */
    public RunOptions(boolean fullRefresh, boolean failFast) {
        this(fullRefresh, failFast, false, false);
    }

    /** Options that read data (not {@code --empty}). */
    public RunOptions(boolean fullRefresh, boolean failFast, boolean dryRun) {
        this(fullRefresh, failFast, dryRun, false);
    }

    /** A copy with {@code fullRefresh} set. */
    public RunOptions withFullRefresh(boolean value) {
        return new RunOptions(value, failFast, dryRun, empty);
    }

    /** A copy with {@code failFast} set. */
    public RunOptions withFailFast(boolean value) {
        return new RunOptions(fullRefresh, value, dryRun, empty);
    }

    /** A copy with {@code dryRun} set. */
    public RunOptions withDryRun(boolean value) {
        return new RunOptions(fullRefresh, failFast, value, empty);
    }

    /** A copy with {@code empty} set. */
    public RunOptions withEmpty(boolean value) {
        return new RunOptions(fullRefresh, failFast, dryRun, value);
    }
}
