package dev.kiln;

import java.time.Duration;
import java.time.Instant;

/**
 * The freshness of one source table.
 *
 * @param uniqueId      {@code source.<project>.<source>.<table>}
 * @param sourceName    the source ({@code raw})
 * @param tableName     the table ({@code users})
 * @param status        pass, warn, error or runtime error
 * @param maxLoadedAt   the newest {@code loaded_at_field} value, or {@code null} (no rows, or the query failed)
 * @param snapshottedAt the time the age is measured against
 * @param age           {@code snapshottedAt - maxLoadedAt}, or {@code null} when there is no newest value
 * @param criteria      the table's thresholds
 * @param error         why the query failed (runtime error only), else {@code null}
 * @param startedAt     when the check started
 * @param elapsed       how long the query took
 * @param threadId      the thread that ran it
 */
public record FreshnessResult(String uniqueId, String sourceName, String tableName, FreshnessStatus status,
                              Instant maxLoadedAt, Instant snapshottedAt, Duration age, FreshnessCriteria criteria,
                              String error, Instant startedAt, Duration elapsed, String threadId) {

    /** A one-line summary such as {@code raw.users: warn (max_loaded_at 2026-11-01T00:00:00Z, 30h ago)}. */
    public String message() {
        String name = sourceName + "." + tableName;
        if (status == FreshnessStatus.RUNTIME_ERROR) {
            return name + ": runtime error: " + error;
        }
        if (maxLoadedAt == null) {
            return name + ": " + status.dbtName() + " (no rows)";
        }
        return name + ": " + status.dbtName() + " (max_loaded_at " + maxLoadedAt + ", " + ago(age) + " ago)";
    }

    private static String ago(Duration d) {
        if (d.isNegative()) {
            return "in the future: " + d.negated().toMinutes() + "m";
        }
        long minutes = d.toMinutes();
        return minutes < 120 ? minutes + "m" : minutes < 48 * 60 ? d.toHours() + "h" : d.toDays() + "d";
    }
}
