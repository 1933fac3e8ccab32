package dev.kiln.cli.airflow;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the selected nodes of a compiled project into an {@link AirflowPlan}. Models, seeds
 * and snapshots become build tasks, grouped by {@link GroupBy}; ephemeral models are inlined
 * and get no task. Edges follow Kiln's DAG, walking through nodes that get no task (ephemeral or
 * unselected), so the order holds even when part of the path is not in the DAG file. A test
 * joins the group of the node it tests; a test of several nodes in different groups becomes a
 * group of its own after all of them, and tests of sources alone gather in {@code source_tests}.
 * Grouping by folder or tag can make groups depend on each other both ways; that is refused with
 * the nodes that cause it (group by node, or move the nodes).
 */
public final class AirflowPlanner {

    /** The group of tests that read only sources. */
    static final String SOURCE_TESTS = "source_tests";

    private final CompiledProject compiled;
    private final Map<String, CompiledNode> tasks = new LinkedHashMap<>();
    private final Map<String, Set<String>> upstreamMemo = new HashMap<>();

    private AirflowPlanner(CompiledProject compiled) {
        this.compiled = compiled;
    }

    /**
     * Plans the DAG.
     *
     * @param compiled the compiled project
     * @param selected the selected nodes
     * @param by       how nodes are grouped
     * @return the plan
     * @throws KilnException ({@link ErrorCode#USAGE}) when the groups would form a cycle
     */
    public static AirflowPlan plan(CompiledProject compiled, Collection<CompiledNode> selected, GroupBy by) {
        return new AirflowPlanner(compiled).build(selected, by);
    }

    private AirflowPlan build(Collection<CompiledNode> selected, GroupBy by) {
        List<CompiledNode> tests = new ArrayList<>();
        for (CompiledNode n : selected) {
            if (isTask(n)) {
                tasks.put(n.uniqueId(), n);
            } else if (n.resourceType() == ResourceType.TEST || n.resourceType() == ResourceType.UNIT_TEST) {
                tests.add(n);
            }
        }
        Selectors selectors = new Selectors(selected);
        Map<String, String> groupOf = new HashMap<>();
        Map<String, List<String>> build = new TreeMap<>();
        Map<String, List<String>> testsOf = new TreeMap<>();
        for (String id : compiled.graphOrder()) {
            CompiledNode n = tasks.get(id);
            if (n != null) {
                String g = groupKey(n, by);
                groupOf.put(id, g);
                build.computeIfAbsent(g, k -> new ArrayList<>()).add(selectors.of(n));
            }
        }
        // node evidence for each group edge: "a → b", the first met
        Map<List<String>, String> evidence = new TreeMap<>(AirflowPlanner::compareLists);
        for (CompiledNode n : tasks.values()) {
            String g = groupOf.get(n.uniqueId());
            for (String up : upstreamTasks(n.uniqueId())) {
                String h = groupOf.get(up);
                if (!h.equals(g)) {
                    evidence.putIfAbsent(List.of(h, g), tasks.get(up).name() + " → " + n.name());
                }
            }
        }
        for (CompiledNode t : tests.stream().sorted(java.util.Comparator.comparing(CompiledNode::name)).toList()) {
            Set<String> ups = upstreamTasks(t.uniqueId());
            Set<String> parentGroups = new TreeSet<>();
            ups.forEach(up -> parentGroups.add(groupOf.get(up)));
            String last = lastBuilt(ups);
            String g;
            if (parentGroups.isEmpty()) {
                g = SOURCE_TESTS;
            } else if (parentGroups.size() == 1) {
                g = parentGroups.iterator().next();
            } else if (last != null) {
                g = groupOf.get(last);
            } else {
                g = Names.python("test_" + t.name());
                for (String h : parentGroups) {
                    evidence.putIfAbsent(List.of(h, g), "test " + t.name());
                }
            }
            testsOf.computeIfAbsent(g, k -> new ArrayList<>()).add(selectors.of(t));
        }
        Set<String> ids = new TreeSet<>(build.keySet());
        ids.addAll(testsOf.keySet());
        List<AirflowPlan.Edge> edges = evidence.keySet().stream()
                .map(e -> new AirflowPlan.Edge(e.get(0), e.get(1))).toList();
        List<String> order = topologicalOrder(ids, edges, evidence, by);
        List<AirflowPlan.Group> groups = order.stream().map(id -> new AirflowPlan.Group(id,
                sorted(build.getOrDefault(id, List.of())), sorted(testsOf.getOrDefault(id, List.of())))).toList();
        return new AirflowPlan(groups, edges);
    }

    /**
     * The one node among {@code ups} that every other one is upstream of (the test of a
     * {@code relationships} from a fact to a dimension it reads belongs with the fact), or null.
     */
    private String lastBuilt(Set<String> ups) {
        for (String p : ups) {
            Set<String> ancestors = compiled.ancestors(p, -1);
            if (ups.stream().allMatch(q -> q.equals(p) || ancestors.contains(q))) {
                return p;
            }
        }
        return null;
    }

    private static boolean isTask(CompiledNode n) {
        return switch (n.resourceType()) {
            case SEED, SNAPSHOT -> true;
            case MODEL -> !"ephemeral".equals(n.config().materialized());
            default -> false;
        };
    }

    /** The nearest build tasks upstream of a node, walking through nodes without a task. */
    private Set<String> upstreamTasks(String id) {
        Set<String> memo = upstreamMemo.get(id);
        if (memo != null) {
            return memo;
        }
        Set<String> out = new TreeSet<>();
        for (String parent : compiled.parents(id)) {
            if (tasks.containsKey(parent)) {
                out.add(parent);
            } else if (compiled.node(parent).isPresent()) {
                out.addAll(upstreamTasks(parent));
            }
        }
        upstreamMemo.put(id, out);
        return out;
    }

    private static String groupKey(CompiledNode n, GroupBy by) {
        return Names.python(switch (by) {
            case NODE -> n.name();
            case TAG -> n.config().tags().isEmpty() ? "untagged" : n.config().tags().get(0);
            case FOLDER -> {
                List<String> fqn = n.node().origin().fqn();
                yield fqn.size() <= 2 ? n.resourceType().dbtName() + "s" : String.join("__", fqn.subList(1, fqn.size() - 1));
            }
        });
    }

    /** Kahn's algorithm, ties by id; a cycle is an error that names the nodes causing it. */
    private static List<String> topologicalOrder(Set<String> ids, List<AirflowPlan.Edge> edges,
                                                 Map<List<String>, String> evidence, GroupBy by) {
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        ids.forEach(id -> indegree.put(id, 0));
        for (AirflowPlan.Edge e : edges) {
            children.computeIfAbsent(e.upstream(), k -> new ArrayList<>()).add(e.downstream());
            indegree.merge(e.downstream(), 1, Integer::sum);
        }
        PriorityQueue<String> ready = new PriorityQueue<>();
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String c : children.getOrDefault(id, List.of())) {
                if (indegree.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < ids.size()) {
            Set<String> left = new TreeSet<>(ids);
            order.forEach(left::remove);
            List<String> cycle = cycle(left, children);
            StringBuilder sb = new StringBuilder("Grouping by " + by.label()
                    + " makes the Airflow task groups depend on each other in a cycle: ");
            for (int i = 0; i < cycle.size(); i++) {
                String from = cycle.get(i);
                String to = cycle.get((i + 1) % cycle.size());
                sb.append(i == 0 ? "" : ", ").append(from).append(" → ").append(to)
                        .append(" (").append(evidence.get(List.of(from, to))).append(")");
            }
            throw new KilnException(ErrorCode.USAGE, sb + ". Use --group-by node, or move the nodes so that "
                    + "each " + by.label() + " only reads from " + by.label() + "s built before it.");
        }
        return order;
    }

    /**
     * One cycle among {@code left}. Every group Kahn's algorithm left has a parent that was left
     * too, so walking up parents must come back to a group already met.
     */
    private static List<String> cycle(Set<String> left, Map<String, List<String>> children) {
        Map<String, List<String>> parents = new HashMap<>();
        children.forEach((up, downs) -> downs.forEach(d -> parents.computeIfAbsent(d, k -> new ArrayList<>()).add(up)));
        List<String> path = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String at = left.iterator().next();
        while (!seen.containsKey(at)) {
            seen.put(at, path.size());
            path.add(at);
            at = parents.getOrDefault(at, List.of()).stream().filter(left::contains).sorted().findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(seen.get(at), path.size()));
        java.util.Collections.reverse(cycle);
        return cycle;
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    private static int compareLists(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }

    /** How a node is selected on the command line: its name, or its fqn when the name is shared. */
    private static final class Selectors {
        private final Set<String> shared = new HashSet<>();

        Selectors(Collection<CompiledNode> selected) {
            Set<String> seen = new LinkedHashSet<>();
            selected.forEach(n -> {
                if (!seen.add(n.name())) {
                    shared.add(n.name());
                }
            });
        }

        String of(CompiledNode n) {
            return shared.contains(n.name()) ? String.join(".", n.node().origin().fqn()) : n.name();
        }
    }
}
