package dev.kiln.internal.link;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.internal.state.PreviousManifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code --defer}: which models, seeds and snapshots the selected nodes read from an earlier
 * run ({@code --state}) instead of from the current target, as in dbt. A node read by a
 * selected node is deferred when it is not selected itself and either {@code --favor-state}
 * is on or its relation does not exist in the current target. Ephemeral models are never
 * deferred (they are inlined), but what they read is, as if the selected node read it.
 *
 * <p>Without a warehouse to ask (an offline compile), every unselected node is deferred; a
 * node the earlier manifest lacks then keeps its own relation, with a warning. With a
 * warehouse, a node that would be deferred but that the earlier manifest lacks is an error:
 * its SQL could only fail.
 */
public final class Deferrer {

    /**
     * Deferred relations and the problems found.
     *
     * @param relations unique id → the earlier run's relation, for every deferred node
     * @param warnings  nodes kept on the current target because the earlier manifest lacks them (offline only)
     */
    public record Outcome(Map<String, Relation> relations, List<Diagnostic> warnings) {
    }

    private final PreviousManifest state;
    private final boolean favorState;
    private final String targetName;

    /**
     * @param state      the earlier run's manifest
     * @param favorState {@code --favor-state}: defer unselected nodes even when they exist in the target
     * @param targetName the current target, for messages
     */
    public Deferrer(PreviousManifest state, boolean favorState, String targetName) {
        this.state = state;
        this.favorState = favorState;
        this.targetName = targetName;
    }

    /**
     * The nodes to defer. Throws {@link KilnException} ({@link ErrorCode#USAGE}) listing every
     * node that must be deferred but that the earlier manifest has no relation for.
     *
     * @param compiled the compiled project
     * @param selected unique ids of the nodes this command runs (or shows, or compiles)
     * @param existing whether a relation exists in the current target; {@code null} when the
     *                 warehouse is not asked (then every unselected node counts as missing)
     */
    public Outcome defer(CompiledProject compiled, Collection<String> selected, Predicate<Relation> existing) {
        Set<String> chosen = new HashSet<>(selected);
        Map<String, Relation> deferred = new LinkedHashMap<>();
        Map<String, CompiledNode> missing = new LinkedHashMap<>(); // id → a selected node that reads it
        Set<String> decided = new HashSet<>();
        for (CompiledNode reader : compiled.nodes()) {
            if (!chosen.contains(reader.uniqueId())) {
                continue;
            }
            for (CompiledNode parent : readThroughEphemerals(compiled, reader)) {
                String id = parent.uniqueId();
                if (chosen.contains(id) || !decided.add(id)) {
                    continue;
                }
                if (!favorState && existing != null && existing.test(parent.relation())) {
                    continue; // built in this target: read it there
                }
                var recorded = state.node(id).map(PreviousManifest.NodeState::relation);
                if (recorded.isPresent()) {
                    deferred.put(id, recorded.get().toRelation());
                } else if (!(favorState && existing != null && existing.test(parent.relation()))) {
                    missing.put(id, reader); // with --favor-state, a node the state lacks is read in this target if built there
                }
            }
        }
        List<Diagnostic> problems = new ArrayList<>();
        missing.forEach((id, reader) -> problems.add(problem(compiled, id, reader, existing != null)));
        if (existing != null && !problems.isEmpty()) {
            throw new KilnException(ErrorCode.USAGE, "--defer: " + (problems.size() == 1 ? "1 node" : problems.size()
                    + " nodes") + " cannot be read from the --state run (" + state.file() + ").", problems);
        }
        return new Outcome(deferred, existing == null ? problems : List.of());
    }

    /** The materialized models, seeds and snapshots {@code reader} reads, directly or through ephemeral models. */
    private static List<CompiledNode> readThroughEphemerals(CompiledProject compiled, CompiledNode reader) {
        List<CompiledNode> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> stack = new ArrayList<>(reader.dependsOn());
        while (!stack.isEmpty()) {
            String id = stack.remove(0);
            CompiledNode parent = compiled.node(id).orElse(null);
            if (parent == null || !seen.add(id) || !parent.resourceType().isRefable()) {
                continue;
            }
            if (parent.relation() == null) { // ephemeral: inlined, so what it reads is read here
                stack.addAll(parent.dependsOn());
            } else {
                out.add(parent);
            }
        }
        return out;
    }

    private Diagnostic problem(CompiledProject compiled, String id, CompiledNode reader, boolean asked) {
        CompiledNode node = compiled.node(id).orElseThrow();
        String kind = node.resourceType().dbtName();
        Path file = state.file();
        String why = !state.node(id).isPresent() ? file + " has no " + kind + " '" + node.name() + "'"
                : file + " records no relation for " + kind + " '" + node.name() + "' (not materialized in that run)";
        String inTarget = asked ? ", is not built in target '" + targetName + "'" : "";
        String message = reader.name() + " reads " + kind + " '" + node.name() + "', which is not selected" + inTarget
                + ", and " + why + (asked ? "." : "; it keeps its relation in target '" + targetName + "'.");
        String hint = "Select it too (+" + reader.name() + "), build it in target '" + targetName
                + "' first, or point --state at a run that built it.";
        return asked ? Diagnostic.error("defer-missing", reader.node().origin().position(), message, hint)
                : Diagnostic.warning("defer-missing", reader.node().origin().position(), message, hint);
    }
}
