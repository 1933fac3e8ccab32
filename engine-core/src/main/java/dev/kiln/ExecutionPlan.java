package dev.kiln;

import java.util.List;

/**
 * What a command will do, in order, before it does it: one step per node, each waiting for the
 * steps it depends on. Inspect it with {@code Kiln.plan(…)}; run it with {@code Kiln.execute(…)}.
 *
 * @param command the command
 * @param steps   the steps, parents before children
 */
public record ExecutionPlan(Command command, List<Step> steps) {

    /** Copies the list. */
    public ExecutionPlan {
        steps = List.copyOf(steps);
    }

    /**
     * One node to run.
     *
     * @param node     the node
     * @param waitsFor unique ids of the steps that must succeed first
     */
    public record Step(CompiledNode node, List<String> waitsFor) {
        /** Copies the list. */
        public Step {
            waitsFor = List.copyOf(waitsFor);
        }

        /** The node's unique id. */
        public String uniqueId() {
            return node.uniqueId();
        }
    }

    /** Number of steps. */
    public int size() {
        return steps.size();
    }
}
