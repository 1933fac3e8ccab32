package dev.kiln;

import java.util.List;

/**
 * What {@code kiln clone} did for each selected model, seed and snapshot.
 *
 * @param nodes one entry per selected node, in DAG order
 */
public record CloneResult(List<Cloned> nodes) {

    /** Copies the list. */
    public CloneResult {
        nodes = List.copyOf(nodes);
    }

    /** How one node was cloned. */
    public enum Action {
        /** A view in the target that selects from the state's relation. */
        VIEW,
        /** A table in the target, a copy of the state's relation ({@code create table … as select *}). */
        TABLE,
        /** Nothing was done; {@link Cloned#reason()} says why. */
        SKIPPED
    }

    /**
     * One node.
     *
     * @param node   the node
     * @param target its relation in this target
     * @param from   its relation in the state's run, or {@code null} when the state has none
     * @param action what was done
     * @param reason why it was skipped, or {@code null}
     */
    public record Cloned(CompiledNode node, Relation target, Relation from, Action action, String reason) {
    }

    /** How many nodes were cloned (not skipped). */
    public long cloned() {
        return nodes.stream().filter(n -> n.action() != Action.SKIPPED).count();
    }
}
