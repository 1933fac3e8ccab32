package dev.kiln.internal.link;

import dev.kiln.Diagnostic;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the {@link Dag}. A cycle is an error that lists every node on it, in order, back to
 * the first ({@code a → b → c → a}).
 */
public final class DagBuilder {

    private final Graph<String, DefaultEdge> graph = Dag.newGraph();
    private final Map<String, Boolean> order = new LinkedHashMap<>();

    /** Adds a node. */
    public DagBuilder node(String id) {
        graph.addVertex(id);
        order.put(id, Boolean.TRUE);
        return this;
    }

    /** Adds an edge: {@code child} reads {@code parent}. Both must have been added. */
    public DagBuilder edge(String parent, String child) {
        if (!parent.equals(child)) {
            graph.addEdge(parent, child);
        }
        return this;
    }

    /**
     * Builds the graph, or adds one diagnostic per cycle and returns {@code null}.
     *
     * @param describe names a node in messages and gives where it is defined
     */
    public Dag build(List<Diagnostic> diagnostics, Function<String, dev.kiln.SourcePosition> describe) {
        try {
            return new Dag(graph);
        } catch (IllegalArgumentException notADag) {
            for (Set<String> scc : new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
                if (scc.size() > 1) {
                    List<String> cycle = cycleIn(scc);
                    diagnostics.add(Diagnostic.error("cycle", describe.apply(cycle.get(0)),
                            "Dependency cycle: " + String.join(" → ", cycle.stream().map(DagBuilder::shortName).toList()) + ".",
                            "Break the cycle: one of these models must stop reading the next."));
                }
            }
            return null;
        }
    }

    private List<String> cycleIn(Set<String> scc) {
        String start = order.keySet().stream().filter(scc::contains).findFirst().orElseThrow();
        Graph<String, DefaultEdge> sub = new AsSubgraph<>(graph, scc);
        List<String> best = null;
        for (DefaultEdge e : sub.outgoingEdgesOf(start)) {
            GraphPath<String, DefaultEdge> back = BFSShortestPath.findPathBetween(sub, sub.getEdgeTarget(e), start);
            if (back != null && (best == null || back.getLength() + 1 < best.size())) {
                best = new ArrayList<>();
                best.add(start);
                best.addAll(back.getVertexList());
            }
        }
        return best;
    }

    private static String shortName(String uniqueId) {
        int dot = uniqueId.indexOf('.', uniqueId.indexOf('.') + 1);
        return dot < 0 ? uniqueId : uniqueId.substring(dot + 1);
    }
}
