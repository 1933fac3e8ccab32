package dev.kiln;

/**
 * Options of a run.
 *
 * @param fullRefresh rebuild incremental models and seeds from scratch ({@code --full-refresh})
 * @param failFast    stop at the first failure: running nodes finish, the rest are skipped ({@code --fail-fast})
 */
public record RunOptions(boolean fullRefresh, boolean failFast) {

    /** No full refresh, no fail-fast. */
    public static final RunOptions DEFAULTS = new RunOptions(false, false);

    /** A copy with {@code fullRefresh} set. */
    public RunOptions withFullRefresh(boolean value) {
        return new RunOptions(value, failFast);
    }

    /** A copy with {@code failFast} set. */
    public RunOptions withFailFast(boolean value) {
        return new RunOptions(fullRefresh, value);
    }
}
