package dev.kiln;

import java.time.Duration;
import java.util.List;

/**
 * What {@code kiln source freshness} found.
 *
 * @param results one per checked source table, in declaration order
 * @param elapsed how long the whole check took
 */
public record FreshnessReport(List<FreshnessResult> results, Duration elapsed) {

    /** Copies the list. */
    public FreshnessReport {
        results = List.copyOf(results);
    }

    /** True when no table errored (warnings are fine, as in dbt). */
    public boolean success() {
        return results.stream().noneMatch(r -> r.status().isFailure());
    }

    /** 0 when {@link #success()}, else 1. */
    public int exitCode() {
        return success() ? 0 : 1;
    }
}
