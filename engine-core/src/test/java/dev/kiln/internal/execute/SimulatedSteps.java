package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ExecutionPlan;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Plans of synthetic model nodes and a {@link StepExecutor} that "runs" each by sleeping for its
 * given duration, recording the order in which steps started: drives the real {@link Scheduler}
 * without a database.
 */
final class SimulatedSteps implements StepExecutor {

    private final Map<String, Long> millis;
    private final List<String> started = Collections.synchronizedList(new ArrayList<>());

    /** @param millis how long each unique id takes */
    SimulatedSteps(Map<String, Long> millis) {
        this.millis = millis;
    }

    /** A table model {@code model.sim.NAME}. */
    static CompiledNode model(String name, List<String> dependsOn) {
        Node n = new Node("model.sim." + name, ResourceType.MODEL, name,
                new NodeOrigin(Path.of("models/" + name + ".sql"), SourcePosition.of(Path.of("models/" + name + ".sql")),
                        List.of("sim", name)), "select 1", new NodeConfig(Map.of("materialized", "table")),
                new NodeDocs("", List.of()), null);
        return new CompiledNode(n, "select 1", null, dependsOn, List.of());
    }

    /** A plan of {@code nodes} (parents first), each waiting for what it depends on. */
    static ExecutionPlan plan(List<CompiledNode> nodes) {
        return new ExecutionPlan(dev.kiln.Command.RUN,
                nodes.stream().map(n -> new ExecutionPlan.Step(n, n.dependsOn())).toList());
    }

    @Override
    public NodeResult run(CompiledNode node) {
        started.add(node.name());
        Instant at = Instant.now();
        long ms = millis.getOrDefault(node.uniqueId(), 0L);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new NodeResult(node.uniqueId(), NodeStatus.SUCCESS, at, Duration.between(at, Instant.now()), "OK",
                -1, 0, Map.of());
    }

    @Override
    public void cancelAll() {
    }

    /** Names in the order they started. */
    List<String> started() {
        synchronized (started) {
            return List.copyOf(started);
        }
    }
}
