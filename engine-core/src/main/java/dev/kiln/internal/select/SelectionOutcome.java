package dev.kiln.internal.select;

import dev.kiln.CompiledNode;

import java.util.List;

/**
 * What a selection chose, and which of its specs matched nothing (for a warning such as dbt's
 * "The selection criterion 'x' does not match any enabled nodes").
 *
 * @param nodes     the selected nodes, parents before children
 * @param unmatched the specs (of {@code --select} or {@code --exclude}) that matched no node or source
 */
public record SelectionOutcome(List<CompiledNode> nodes, List<UnmatchedSpec> unmatched) {

    /** Copies the lists. */
    public SelectionOutcome {
        nodes = List.copyOf(nodes);
        unmatched = List.copyOf(unmatched);
    }

    /**
     * A spec that matched nothing.
     *
     * @param spec    the spec as written
     * @param hint    "Did you mean 'stg_users'?" when a node name, tag, path, source or exposure is
     *                close, else {@code null}
     * @param exclude whether the spec is one of {@code --exclude}'s (else {@code --select}'s)
     */
    public record UnmatchedSpec(String spec, String hint, boolean exclude) {

        /** A spec of {@code --select}. */
        public UnmatchedSpec(String spec, String hint) {
            this(spec, hint, false);
        }
    }
}
