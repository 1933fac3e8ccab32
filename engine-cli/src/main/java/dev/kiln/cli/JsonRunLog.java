package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.Relation;
import dev.kiln.ResourceType;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Under {@code --log-format json}, a run's node events as dbt writes them: {@code NodeStart}
 * when a node starts, then {@code LogModelResult} ({@code LogTestResult}, {@code LogSeedResult},
 * {@code LogSnapshotResult}, …) with the progress line as {@code msg}, and {@code NodeFinished};
 * each with {@code data.node_info} (unique_id, resource_type, node_status, node_path, timings,
 * relation).
 */
final class JsonRunLog implements KilnListener {

    private final JsonLog log;
    private final PrintWriter to;
    private final Map<String, Instant> started = new ConcurrentHashMap<>();

    /** @param log the invocation's log; @param to where events go */
    JsonRunLog(JsonLog log, PrintWriter to) {
        this.log = log;
        this.to = to;
    }

    @Override
    public void nodeStarted(CompiledNode node, int index, int total) {
        Instant now = Instant.now();
        started.put(node.uniqueId(), now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node_info", nodeInfo(node, "started", now, null));
        log.event(to, "NodeStart", "info", "Began running node " + node.uniqueId(), data);
    }

    @Override
    public void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
        Instant end = Instant.now();
        Instant start = started.getOrDefault(node.uniqueId(), result.startedAt());
        Map<String, Object> nodeInfo = nodeInfo(node, result.status().dbtName(), start, end);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node_info", nodeInfo);
        data.put("index", index);
        data.put("total", total);
        data.put("status", result.status().dbtName());
        data.put("execution_time", result.elapsed() == null ? 0.0 : result.elapsed().toNanos() / 1e9);
        if (result.message() != null) {
            data.put("message", result.message());
        }
        if (result.failures() > 0) {
            data.put("failures", result.failures());
        }
        String level = result.status().isFailure() ? "error" : result.status() == dev.kiln.NodeStatus.WARN ? "warn" : "info";
        log.event(to, resultEvent(node.resourceType()), level,
                ProgressLine.format(node, result, index, total, Style.PLAIN), data);
        Map<String, Object> finished = new LinkedHashMap<>();
        finished.put("node_info", nodeInfo);
        Map<String, Object> runResult = new LinkedHashMap<>();
        runResult.put("status", result.status().dbtName());
        runResult.put("message", result.message());
        runResult.put("execution_time", data.get("execution_time"));
        runResult.put("adapter_response", result.response());
        finished.put("run_result", runResult);
        log.event(to, "NodeFinished", "debug", "Finished running node " + node.uniqueId(), finished);
    }

    /** dbt's event for a finished node of this type. */
    static String resultEvent(ResourceType type) {
        return switch (type) {
            case MODEL -> "LogModelResult";
            case TEST, UNIT_TEST -> "LogTestResult";
            case SEED -> "LogSeedResult";
            case SNAPSHOT -> "LogSnapshotResult";
            default -> "LogNodeResult";
        };
    }

    private static Map<String, Object> nodeInfo(CompiledNode node, String status, Instant start, Instant end) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("node_path", node.node().origin() == null || node.node().origin().path() == null ? ""
                : node.node().origin().path().toString().replace('\\', '/'));
        info.put("node_name", node.name());
        info.put("unique_id", node.uniqueId());
        info.put("resource_type", node.resourceType().dbtName());
        info.put("materialized", node.resourceType() == ResourceType.MODEL ? node.config().materialized() : "");
        info.put("node_status", status);
        info.put("node_started_at", start == null ? "" : start.toString());
        info.put("node_finished_at", end == null ? "" : end.toString());
        Relation r = node.relation();
        if (r != null) {
            Map<String, Object> rel = new LinkedHashMap<>();
            rel.put("database", r.database());
            rel.put("schema", r.schema());
            rel.put("alias", r.identifier());
            rel.put("relation_name", r.displayName());
            info.put("node_relation", rel);
        }
        return info;
    }
}
