package dev.kiln;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@code run}, {@code seed}, {@code test}, {@code build} or {@code snapshot}.
 *
 * @param command  the command
 * @param results  one result per planned node, in plan order
 * @param elapsed  wall time of the whole run
 * @param cancelled true when the run was cancelled
 */
public record RunResults(String command, List<NodeResult> results, Duration elapsed, boolean cancelled) {

    /** Copies the list. */
    public RunResults {
        results = List.copyOf(results);
    }

    /** How many nodes ended in each status. */
    public Map<NodeStatus, Integer> counts() {
        Map<NodeStatus, Integer> m = new EnumMap<>(NodeStatus.class);
        for (NodeStatus s : NodeStatus.values()) {
            m.put(s, 0);
        }
        results.forEach(r -> m.merge(r.status(), 1, Integer::sum));
        return m;
    }

    /** True when no node errored or failed and the run was not cancelled. */
    public boolean success() {
        return !cancelled && results.stream().noneMatch(r -> r.status().isFailure());
    }

    /** The process exit code: 0 on success, 1 otherwise. */
    public int exitCode() {
        return success() ? 0 : ErrorCode.EXECUTION_FAILED.exitCode();
    }
}
