package dev.kiln.internal.link;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of a project (JGraphT): an edge runs from a node to each node that
 * reads it. Acyclic by construction (see {@link DagBuilder}). Immutable after building.
 */
public final class Dag implements dev.kiln.DependencyGraph {

    private final Graph<String, DefaultEdge> graph;
    private final List<String> order;
    private final Map<String, Integer> position = new HashMap<>();

    Dag(Graph<String, DefaultEdge> graph) {
        this.graph = graph;
        // Kahn's algorithm over the insertion-ordered vertex set: stable run to run
        List<String> topo = new ArrayList<>(graph.vertexSet().size());
        new TopologicalOrderIterator<>(graph).forEachRemaining(topo::add);
        this.order = List.copyOf(topo);
        for (int k = 0; k < order.size(); k++) {
            position.put(order.get(k), k);
        }
    }

    /** Every node id in a topological order (parents before children). */
    @Override
    public List<String> topologicalOrder() {
        return order;
    }

    /** Whether the graph holds {@code id}. */
    @Override
    public boolean contains(String id) {
        return graph.containsVertex(id);
    }

    /** Direct parents of {@code id}, in topological order (an immutable list, built once per graph). */
    @Override
    public List<String> parents(String id) {
        return lists().parents[indexOf(id)];
    }

    /** Direct children of {@code id}, in topological order (an immutable list, built once per graph). */
    @Override
    public List<String> children(String id) {
        return lists().children[indexOf(id)];
    }

    private int indexOf(String id) {
        Integer at = position.get(id);
        if (at == null) {
            throw new IllegalArgumentException("no such vertex in graph: " + id);
        }
        return at;
    }

    /** Every vertex's parents and children, by topological position. */
    private record Lists(List<String>[] parents, List<String>[] children) {
    }

    /** Built on the first call (the graph does not change); a race builds equal lists twice. */
    private volatile Lists lists;

    private Lists lists() {
        Lists l = lists;
        if (l == null) {
            @SuppressWarnings("unchecked") List<String>[] up = new List[order.size()];
            @SuppressWarnings("unchecked") List<String>[] down = new List[order.size()];
            for (int k = 0; k < order.size(); k++) {
                String id = order.get(k);
                up[k] = sorted(graph.incomingEdgesOf(id), true);
                down[k] = sorted(graph.outgoingEdgesOf(id), false);
            }
            l = new Lists(up, down);
            lists = l;
        }
        return l;
    }

    private List<String> sorted(Set<DefaultEdge> edges, boolean sources) {
        if (edges.isEmpty()) {
            return List.of();
        }
        String[] ids = new String[edges.size()];
        int i = 0;
        for (DefaultEdge e : edges) {
            ids[i++] = sources ? graph.getEdgeSource(e) : graph.getEdgeTarget(e);
        }
        java.util.Arrays.sort(ids, this::compare);
        return List.of(ids);
    }

    /** Direct children of {@code id}, in no particular order. */
    List<String> childIds(String id) {
        List<String> out = new ArrayList<>();
        for (DefaultEdge e : graph.outgoingEdgesOf(id)) {
            out.add(graph.getEdgeTarget(e));
        }
        return out;
    }

    /** Ancestors up to {@code depth} edges away (all with a negative depth), without {@code id}. */
    @Override
    public Set<String> ancestors(String id, int depth) {
        return walk(id, depth, true);
    }

    /** Descendants up to {@code depth} edges away (all with a negative depth), without {@code id}. */
    @Override
    public Set<String> descendants(String id, int depth) {
        return walk(id, depth, false);
    }

    private Set<String> walk(String start, int depth, boolean up) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> frontier = new ArrayDeque<>();
        frontier.add(start);
        for (int d = 0; (depth < 0 || d < depth) && !frontier.isEmpty(); d++) {
            Deque<String> next = new ArrayDeque<>();
            for (String v : frontier) {
                for (DefaultEdge e : up ? graph.incomingEdgesOf(v) : graph.outgoingEdgesOf(v)) {
                    String w = up ? graph.getEdgeSource(e) : graph.getEdgeTarget(e);
                    if (!w.equals(start) && seen.add(w)) {
                        next.add(w);
                    }
                }
            }
            frontier = next;
        }
        return seen;
    }

    /** Compares two ids by their topological position. */
    public int compare(String a, String b) {
        return Integer.compare(position.getOrDefault(a, Integer.MAX_VALUE), position.getOrDefault(b, Integer.MAX_VALUE));
    }

    /** An empty graph builder. */
    static Graph<String, DefaultEdge> newGraph() {
        return new DefaultDirectedGraph<>(DefaultEdge.class);
    }
}
