package dev.kiln;

/**
 * Options of a run.
 *
 * @param fullRefresh rebuild incremental models and seeds from scratch ({@code --full-refresh})
 * @param failFast    stop at the first failure: running nodes finish, the rest are skipped ({@code --fail-fast})
 * @param dryRun      syncs work out and write what they would send, and send nothing ({@code kiln sync --dry-run})
 */
public record RunOptions(boolean fullRefresh, boolean failFast, boolean dryRun) {

    /** No full refresh, no fail-fast, no dry run. */
    public static final RunOptions DEFAULTS = new RunOptions(false, false, false);

    /** Options without a dry run. */
    public RunOptions(boolean fullRefresh, boolean failFast) {
        this(fullRefresh, failFast, false);
    }

    /** A copy with {@code fullRefresh} set. */
    public RunOptions withFullRefresh(boolean value) {
        return new RunOptions(value, failFast, dryRun);
    }

    /** A copy with {@code failFast} set. */
    public RunOptions withFailFast(boolean value) {
        return new RunOptions(fullRefresh, value, dryRun);
    }

    /** A copy with {@code dryRun} set. */
    public RunOptions withDryRun(boolean value) {
        return new RunOptions(fullRefresh, failFast, value);
    }
}
