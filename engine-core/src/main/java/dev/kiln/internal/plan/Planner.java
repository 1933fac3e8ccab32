package dev.kiln.internal.plan;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ExecutionPlan;
import dev.kiln.Exposure;
import dev.kiln.ResourceType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan stage: turns the selected nodes into ordered steps. A step waits for its nearest
 * upstream steps (through nodes that are not run, so the order holds across gaps in a
 * selection). In {@code build}, a node also waits for the data tests of the nodes it reads, so
 * a failing test (severity error) skips everything downstream of the tested node, and a model
 * waits for its unit tests.
 */
public final class Planner {

    private final CompiledProject project;

    /** @param project the compiled project */
    public Planner(CompiledProject project) {
        this.project = project;
    }

    /** Plans {@code command} over {@code selected} (parents before children). */
    public ExecutionPlan plan(Command command, List<CompiledNode> selected) {
        Map<String, CompiledNode> steps = new LinkedHashMap<>();
        Map<String, List<String>> gates = new HashMap<>();
        for (CompiledNode n : selected) {
            if (n.resourceType() == ResourceType.EXPOSURE) {
                continue;
            }
            if (command.runs(n.resourceType()) && !isEphemeral(n)) {
                steps.put(n.uniqueId(), n);
            }
        }
        for (CompiledNode n : selected) {
            Exposure e = n.resourceType() == ResourceType.EXPOSURE
                    ? project.project().exposures().get(n.uniqueId()) : null;
            if (e != null && command.runs(e)) {
                gates.put(n.uniqueId(), gateTests(n, steps));
                steps.put(n.uniqueId(), n);
            }
        }
        Map<String, List<String>> testsByAttached = new HashMap<>();
        if (command == Command.BUILD) {
            for (CompiledNode n : steps.values()) {
                if (n.node().test() != null && steps.containsKey(n.node().test().attachedNode())) {
                    testsByAttached.computeIfAbsent(n.node().test().attachedNode(), k -> new ArrayList<>()).add(n.uniqueId());
                }
            }
        }
        Map<String, List<String>> unitTestsOf = new HashMap<>();
        for (CompiledNode n : steps.values()) {
            if (n.resourceType() == ResourceType.UNIT_TEST && command == Command.BUILD) {
                unitTestsOf.computeIfAbsent(n.node().test().attachedNode(), k -> new ArrayList<>()).add(n.uniqueId());
            }
        }
        Map<String, Set<String>> nearest = new HashMap<>();
        List<ExecutionPlan.Step> out = new ArrayList<>(steps.size());
        for (CompiledNode n : steps.values()) {
            Set<String> waits = new LinkedHashSet<>();
            for (String parent : project.parents(n.uniqueId())) {
                waits.addAll(nearestSteps(parent, steps, nearest));
            }
            if (n.resourceType() != ResourceType.TEST) {
                for (String upstream : List.copyOf(waits)) {
                    for (String test : testsByAttached.getOrDefault(upstream, List.of())) {
                        if (readsOnlyUpstreamOf(steps.get(test), upstream, n)) {
                            waits.add(test);
                        }
                    }
                }
            }
            // in build, a model waits for its unit tests: a failing one skips the model
            waits.addAll(unitTestsOf.getOrDefault(n.uniqueId(), List.of()));
            // an exposure waits for the data tests of everything it reads
            waits.addAll(gates.getOrDefault(n.uniqueId(), List.of()));
            out.add(new ExecutionPlan.Step(n, List.copyOf(waits)));
        }
        return new ExecutionPlan(command, out);
    }

    /**
     * The data tests of the nodes and sources an exposure reads: the quality gate it waits
     * for. Those not already planned are added to {@code steps} (so {@code kiln sync} runs them
     * before it sends anything), in the project's order, before the exposure.
     */
    private List<String> gateTests(CompiledNode exposure, Map<String, CompiledNode> steps) {
        List<String> out = new ArrayList<>();
        for (String parent : project.parents(exposure.uniqueId())) {
            for (String child : project.children(parent)) {
                CompiledNode test = project.node(child).orElse(null);
                if (test != null && test.resourceType() == ResourceType.TEST && !out.contains(child)) {
                    out.add(child);
                }
            }
        }
        List<CompiledNode> missing = new ArrayList<>();
        out.forEach(id -> {
            if (!steps.containsKey(id)) {
                missing.add(project.node(id).orElseThrow());
            }
        });
        missing.forEach(t -> steps.put(t.uniqueId(), t));
        return out;
    }

    /** The steps nearest above {@code id}, itself included when it is a step. */
    private Set<String> nearestSteps(String id, Map<String, CompiledNode> steps, Map<String, Set<String>> memo) {
        if (steps.containsKey(id)) {
            return Set.of(id);
        }
        if (memo.isEmpty()) {
            // one pass in topological order: every parent is resolved before its children
            for (String v : project.graphOrder()) {
                if (!steps.containsKey(v)) {
                    Set<String> found = new LinkedHashSet<>();
                    for (String parent : project.parents(v)) {
                        found.addAll(steps.containsKey(parent) ? Set.of(parent) : memo.getOrDefault(parent, Set.of()));
                    }
                    memo.put(v, found.isEmpty() ? Set.of() : found);
                }
            }
        }
        return memo.getOrDefault(id, Set.of());
    }

    /**
     * Whether every node a test reads, besides the node it tests, is upstream of {@code node}. A
     * relationships test from a fact to a model built after the fact must not hold the fact's
     * children back: that would be a cycle.
     */
    private boolean readsOnlyUpstreamOf(CompiledNode test, String tested, CompiledNode node) {
        List<String> others = test.dependsOn().stream().filter(p -> !p.equals(tested)).toList();
        if (others.isEmpty()) {
            return true;
        }
        Set<String> above = project.ancestors(node.uniqueId(), -1);
        return above.containsAll(others);
    }

    private static boolean isEphemeral(CompiledNode n) {
        return n.resourceType() == ResourceType.MODEL && "ephemeral".equals(n.config().materialized());
    }
}
