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
 * @param retries      how many times the node was run again after a transient failure (config
 *                     {@code retries}); 0 when the first attempt settled it
 */
public record NodeResult(String uniqueId, NodeStatus status, Instant startedAt, Duration elapsed, String message,
                         long rowsAffected, long failures, Map<String, Object> response, int retries) {

    /** A result without retries. */
    public NodeResult(String uniqueId, NodeStatus status, Instant startedAt, Duration elapsed, String message,
                      long rowsAffected, long failures, Map<String, Object> response) {
        this(uniqueId, status, startedAt, elapsed, message, rowsAffected, failures, response, 0);
    }

    /** This result after {@code n} retries, timed from {@code firstStart}. */
    public NodeResult afterRetries(int n, Instant firstStart) {
        return new NodeResult(uniqueId, status, firstStart, Duration.between(firstStart, startedAt.plus(elapsed)),
                message, rowsAffected, failures, response, n);
    }

    /** Copies {@code response}. */
    public NodeResult {
        response = Map.copyOf(response);
    }

    /** A node that did not run. */
    public static NodeResult skipped(String uniqueId, String why) {
        return new NodeResult(uniqueId, NodeStatus.SKIPPED, Instant.now(), Duration.ZERO, why, -1, 0, Map.of());
    }
}
