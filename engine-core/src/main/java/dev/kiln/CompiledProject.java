package dev.kiln;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A project after render and link: every enabled node compiled, in topological order, with
 * its dependency graph. Immutable.
 */
public final class CompiledProject {

    private final Project project;
    private final Map<String, CompiledNode> nodes;
    private final DependencyGraph dag;
    private final Map<String, Relation> deferred;
    private final Map<String, TemplateReads> reads;
    /** {@link #nodeCounts()}, counted on the first call. */
    private volatile Map<ResourceType, Integer> nodeCounts;
    /** {@link ResourceCounts#of}, counted on the first call. */
    volatile ResourceCounts resourceCounts;

    /** Built by the link stage. */
    public CompiledProject(Project project, Map<String, CompiledNode> nodes, DependencyGraph dag) {
        this(project, nodes, dag, Map.of());
    }

    /**
     * Built by the link stage with {@code --defer}.
     *
     * @param deferred unique id → the relation of an earlier run ({@code --state}) that the SQL of
     *                 the selected nodes reads instead of the node's own
     */
    public CompiledProject(Project project, Map<String, CompiledNode> nodes, DependencyGraph dag,
                           Map<String, Relation> deferred) {
        this(project, nodes, dag, deferred, Map.of());
    }

    /**
     * Built by the link stage, with what each node's template read.
     *
     * @param deferred as in {@link #CompiledProject(Project, Map, DependencyGraph, Map)}
     * @param reads    unique id → the vars and env vars its template read (absent: none)
     */
    public CompiledProject(Project project, Map<String, CompiledNode> nodes, DependencyGraph dag, Map<String, Relation> deferred,
                           Map<String, TemplateReads> reads) {
        this.project = project;
        this.reads = Map.copyOf(reads);
        this.deferred = Map.copyOf(deferred);
        Map<String, CompiledNode> ordered = new LinkedHashMap<>();
        dag.topologicalOrder().forEach(id -> {
            CompiledNode n = nodes.get(id);
            if (n != null) {
                ordered.put(id, n);
            }
        });
        this.nodes = java.util.Collections.unmodifiableMap(ordered);
        this.dag = dag;
    }

    /**
     * How many compiled nodes there are of each type (types with none left out), in the enum's
     * order; counted once.
     */
    public Map<ResourceType, Integer> nodeCounts() {
        Map<ResourceType, Integer> c = nodeCounts;
        if (c == null) {
            Map<ResourceType, Integer> byType = new java.util.EnumMap<>(ResourceType.class);
            for (CompiledNode n : nodes.values()) {
                byType.merge(n.resourceType(), 1, Integer::sum);
            }
            c = java.util.Collections.unmodifiableMap(byType);
            nodeCounts = c;
        }
        return c;
    }

    /** The vars and env vars node {@code uniqueId}'s template read while it rendered. */
    public TemplateReads reads(String uniqueId) {
        return reads.getOrDefault(uniqueId, TemplateReads.NONE);
    }

    /** The loaded project. */
    public Project project() {
        return project;
    }

    /** Every compiled node, parents before children. */
    public Collection<CompiledNode> nodes() {
        return nodes.values();
    }

    /** A node by unique id. */
    public Optional<CompiledNode> node(String uniqueId) {
        return Optional.ofNullable(nodes.get(uniqueId));
    }

    /** Direct parents of a node or source (node and source ids). */
    public List<String> parents(String uniqueId) {
        return dag.contains(uniqueId) ? dag.parents(uniqueId) : List.of();
    }

    /** Direct children of a node or source. */
    public List<String> children(String uniqueId) {
        return dag.contains(uniqueId) ? dag.children(uniqueId) : List.of();
    }

    /** Ancestors up to {@code depth} edges (all with a negative depth). */
    public Set<String> ancestors(String uniqueId, int depth) {
        return dag.contains(uniqueId) ? dag.ancestors(uniqueId, depth) : Set.of();
    }

    /** Descendants up to {@code depth} edges (all with a negative depth). */
    public Set<String> descendants(String uniqueId, int depth) {
        return dag.contains(uniqueId) ? dag.descendants(uniqueId, depth) : Set.of();
    }

    /**
     * With {@code --defer}: the relation of the earlier run ({@code --state}) that the selected
     * nodes read in place of this node's own; empty when the node is not deferred.
     */
    public Optional<Relation> deferredRelation(String uniqueId) {
        return Optional.ofNullable(deferred.get(uniqueId));
    }

    /** Every deferred node (see {@link #deferredRelation}), by unique id. */
    public Map<String, Relation> deferredRelations() {
        return deferred;
    }

    /** Every id in the graph (nodes and the sources they read), parents first. */
    public List<String> graphOrder() {
        return dag.topologicalOrder();
    }
}
