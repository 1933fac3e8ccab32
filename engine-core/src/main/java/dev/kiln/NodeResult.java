package dev.kiln;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How one node ended.
 *
 * @param uniqueId     the node
 * @param status       its status
 * @param startedAt    when it started (or was skipped)
 * @param elapsed      how long it took
 * @param message      a short summary or the error
 * @param rowsAffected rows written, or -1
 * @param failures     for tests: the number of failing rows, else 0
 * @param response     what the warehouse reported (query id, bytes scanned), possibly empty
 */
public record NodeResult(String uniqueId, NodeStatus status, Instant startedAt, Duration elapsed, String message,
                         long rowsAffected, long failures, Map<String, Object> response) {

    /** Copies {@code response}. */
    public NodeResult {
        response = Map.copyOf(response);
    }

    /** A node that did not run. */
    public static NodeResult skipped(String uniqueId, String why) {
        return new NodeResult(uniqueId, NodeStatus.SKIPPED, Instant.now(), Duration.ZERO, why, -1, 0, Map.of());
    }
}
