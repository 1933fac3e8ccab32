package dev.kiln.internal.link;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.Exposure;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.Project;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.internal.render.Placeholders;
import dev.kiln.internal.render.RelationNamer;
import dev.kiln.internal.render.RenderedNode;
import dev.kiln.spi.Dialect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The link stage: builds the DAG from what each node referred to, then resolves relation
 * markers in the SQL and inlines ephemeral models as CTEs ({@code __kiln_cte__NAME}).
 */
public final class Linker {

    /** Prefix of the CTE an ephemeral model is inlined as. */
    public static final String CTE_PREFIX = "__kiln_cte__";

    private final Project project;
    private final TargetConfig target;
    private final Dialect dialect;
    private final RelationNamer namer;
    private final boolean empty;

    /** @param project the project; @param target the active target; @param dialect its dialect */
    public Linker(Project project, TargetConfig target, Dialect dialect) {
        this(project, target, dialect, false);
    }

    /**
     * @param empty {@code --empty}: every {@code ref()} to another node reads it with no rows
     *              ({@link Dialect#emptyRelation}); {@code ${this}} stays the node's own relation
     */
    public Linker(Project project, TargetConfig target, Dialect dialect, boolean empty) {
        this.project = project;
        this.target = target;
        this.dialect = dialect;
        this.namer = new RelationNamer(target, dialect);
        this.empty = empty;
    }

    /** Links rendered nodes; throws {@link KilnException} with every problem found. */
    public CompiledProject link(List<RenderedNode> rendered) {
        return link(rendered, Map.of());
    }

    /**
     * Links rendered nodes, resolving a {@code ref()} to a node in {@code deferred} to the
     * relation given there ({@code --defer}) rather than the node's own. Ephemeral models are
     * never deferred: they are inlined.
     */
    public CompiledProject link(List<RenderedNode> rendered, Map<String, Relation> deferred) {
        return linkAll(rendered, deferred).result();
    }

    /** A full link, with what {@link Relinker} needs to link the next edit again. */
    Linked linkAll(List<RenderedNode> rendered, Map<String, Relation> deferred) {
        Map<String, RenderedNode> enabled = new LinkedHashMap<>();
        Set<String> disabled = new LinkedHashSet<>();
        for (RenderedNode r : rendered) {
            if (r.node().config().enabled()) {
                enabled.put(r.node().uniqueId(), r);
            } else {
                disabled.add(r.node().uniqueId());
            }
        }
        Dag dag = dag(enabled, disabled);

        // every node is named and resolved on its own, so in parallel; the result keeps DAG order
        Map<String, Relation> relations = new ConcurrentHashMap<>();
        Map<String, String> ownSql = new ConcurrentHashMap<>();
        enabled.values().parallelStream().forEach(r -> {
            Relation rel = relation(r.node());
            relations.put(r.node().uniqueId(), rel);
            ownSql.put(r.node().uniqueId(), ownSql(r.node(), rel));
        });
        Map<String, String> readSql = new HashMap<>(ownSql);
        Map<String, Relation> deferrals = new LinkedHashMap<>();
        deferred.forEach((id, rel) -> {
            RenderedNode r = enabled.get(id);
            if (r != null && !isEphemeral(r.node())) {
                readSql.put(id, dialect.render(rel));
                deferrals.put(id, rel);
            }
        });
        Sql relationSql = new Sql(ownSql, readSql);
        List<CompiledNode> inOrder = dag.topologicalOrder().parallelStream().map(enabled::get).filter(Objects::nonNull)
                .map(r -> compile(r, enabled::get, relations, relationSql, dag)).toList();
        Map<String, CompiledNode> compiled = new LinkedHashMap<>();
        inOrder.forEach(n -> compiled.put(n.uniqueId(), n));
        exposures().forEach(e -> compiled.put(e.uniqueId(), exposureNode(e)));
        checkIncrementalConfig(compiled.values());
        Map<String, dev.kiln.TemplateReads> reads = new HashMap<>();
        enabled.values().forEach(r -> {
            if (r.reads() != null && !r.reads().isEmpty()) {
                reads.put(r.node().uniqueId(), r.reads());
            }
        });
        return new Linked(new CompiledProject(project, compiled, dag, deferrals, reads), dag, relations, ownSql, reads,
                disabled);
    }

    /**
     * A link's result and its parts.
     *
     * @param dag       the graph
     * @param relations each enabled node's relation
     * @param ownSql    the SQL of each enabled node's own relation (an ephemeral model's CTE name)
     * @param reads     what the templates read, by unique id (only the non-empty ones)
     * @param disabled  the disabled nodes
     */
    record Linked(CompiledProject result, Dag dag, Map<String, Relation> relations, Map<String, String> ownSql,
                  Map<String, dev.kiln.TemplateReads> reads, Set<String> disabled) {
    }

    /** The project being linked. */
    Project project() {
        return project;
    }

    /**
     * What a link depends on besides the rendered nodes: the target, the dialect's class,
     * {@code --empty}, the sources' ids and the exposures, with {@code place} (where the
     * compile's artifacts go).
     */
    Relinker.Key key(Object place) {
        return new Relinker.Key(place, target, dialect.getClass(), empty, List.copyOf(project.sources().keySet()),
                List.copyOf(project.exposures().values()));
    }

    /** The enabled exposures. */
    List<Exposure> exposures() {
        return project.exposures().values().stream().filter(Exposure::enabled).toList();
    }

    /** The relation {@code node} is materialized as on this target. */
    Relation relation(Node node) {
        return namer.relation(node, node.config());
    }

    /** The SQL of {@code node}'s own relation {@code rel}: its CTE name when it is ephemeral. */
    String ownSql(Node node, Relation rel) {
        return isEphemeral(node) ? CTE_PREFIX + node.name() : dialect.render(rel);
    }

    /**
     * The graph of the sources, the {@code enabled} nodes and the enabled exposures; throws
     * {@link KilnException} when a node reads a {@code disabled} one or the graph has a cycle.
     */
    Dag dag(Map<String, RenderedNode> enabled, Set<String> disabled) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        DagBuilder builder = new DagBuilder();
        project.sources().keySet().forEach(builder::node);
        enabled.keySet().forEach(builder::node);
        for (Exposure e : exposures()) {
            builder.node(e.uniqueId());
            e.dependsOn().forEach(parent -> {
                if (enabled.containsKey(parent) || project.sources().containsKey(parent)) {
                    builder.edge(parent, e.uniqueId());
                }
            });
        }
        for (RenderedNode r : enabled.values()) {
            for (String parent : r.dependsOn()) {
                if (disabled.contains(parent)) {
                    diagnostics.add(Diagnostic.error("disabled-ref", r.node().origin().position(),
                            r.node().name() + " reads '" + project.nodes().get(parent).name() + "', which is disabled.",
                            "Enable it, or disable this node too."));
                } else {
                    builder.edge(parent, r.node().uniqueId());
                }
            }
            r.sources().forEach(s -> builder.edge(s, r.node().uniqueId()));
        }
        Dag dag = builder.build(diagnostics, this::positionOf);
        KilnException.throwIfErrors(diagnostics);
        return dag;
    }

    /**
     * The SQL of each node's relation: {@code own}, where it is materialized (an ephemeral
     * model's CTE name); {@code read}, what a reference to it reads (its own or its deferred one).
     */
    record Sql(Map<String, String> own, Map<String, String> read) {
    }

    /**
     * Node {@code r} linked: its SQL's markers resolved, its ephemeral ancestors (found through
     * {@code all}, unique id → rendered node of an enabled node, else {@code null}) inlined.
     */
    CompiledNode compile(RenderedNode r, Function<String, RenderedNode> all, Map<String, Relation> relations,
                         Sql relationSql, Dag dag) {
        Node node = withLinkedConfig(r.node(), relationSql);
        boolean emptied = empty && dev.kiln.internal.render.EmptyReads.applies(node);
        String sql = resolve(r.sql(), relationSql, node.uniqueId(), emptied);
        List<String> ctes = ephemeralAncestors(r, all, dag);
        if (!ctes.isEmpty()) {
            StringBuilder with = new StringBuilder();
            for (String id : ctes) {
                RenderedNode e = all.apply(id);
                if (with.length() > 0) {
                    with.append(",\n");
                }
                with.append(CTE_PREFIX).append(e.node().name()).append(" as (\n")
                        .append(resolve(e.sql(), relationSql, null, emptied).strip()).append("\n)");
            }
            sql = CteSplicer.prepend(with.toString(), sql);
        }
        boolean materialized = node.resourceType() != ResourceType.TEST && !isEphemeral(node);
        return new CompiledNode(node, sql, materialized ? relations.get(node.uniqueId()) : null, r.dependsOn(), r.sources(),
                r.predicate() == null ? null : resolve(r.predicate(), relationSql, node.uniqueId(), emptied));
    }

    /**
     * An enabled exposure as a node of the graph: no SQL, no relation; it reads what its
     * {@code depends_on} names. Its config holds {@code enabled}, {@code tags} and {@code meta}.
     */
    static CompiledNode exposureNode(Exposure e) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("enabled", true);
        config.put("tags", e.tags());
        config.put("meta", e.meta());
        Node node = new Node(e.uniqueId(), ResourceType.EXPOSURE, e.name(), e.origin(), "", new NodeConfig(config),
                new NodeDocs(e.description(), List.of()), null);
        List<String> nodes = e.dependsOn().stream().filter(id -> !id.startsWith("source.")).toList();
        List<String> sources = e.dependsOn().stream().filter(id -> id.startsWith("source.")).toList();
        return new CompiledNode(node, "", null, nodes, sources);
    }

    /** A bad incremental strategy or a missing key is a project error, found before anything runs. */
    static void checkIncrementalConfig(java.util.Collection<CompiledNode> nodes) {
        List<Diagnostic> problems = new ArrayList<>();
        for (CompiledNode n : nodes) {
            if (n.resourceType() == ResourceType.MODEL && "incremental".equals(n.config().materialized())) {
                try {
                    dev.kiln.spi.IncrementalConfig.of(n);
                } catch (KilnException e) {
                    problems.add(Diagnostic.error("bad-incremental-config", n.node().origin().position(),
                            e.getMessage(), "See docs/incremental.md."));
                }
            }
        }
        KilnException.throwIfErrors(problems);
    }

    /**
     * Replaces the markers in {@code sql}: a node's own marker ({@code ${this}}) always by its own
     * relation, any other by the relation a reference to it reads; a marker of an id without a
     * relation is left as the id.
     */
    private String resolve(String sql, Sql relationSql, String self, boolean empty) {
        return Placeholders.replace(sql, id -> {
            if (id.equals(self)) {
                return relationSql.own().getOrDefault(id, id);
            }
            String read = relationSql.read().getOrDefault(id, id);
            return empty && relationSql.read().containsKey(id) ? dialect.emptyRelation(read) : read;
        });
    }

    /**
     * {@code node} with the markers in its config's text resolved ({@code ${this}} or a
     * {@code ref()} in an {@code incremental_predicates} entry, say), as in its SQL; the node
     * itself when its config holds none.
     */
    private Node withLinkedConfig(Node node, Sql relationSql) {
        Map<String, Object> values = node.config().values();
        Map<String, Object> linked = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = linkedValue(e.getValue(), relationSql, node.uniqueId());
            changed |= v != e.getValue();
            linked.put(e.getKey(), v);
        }
        return changed ? node.withConfig(new NodeConfig(linked)) : node;
    }

    /** {@code value} with its text's markers resolved; the same object when it holds none. */
    private Object linkedValue(Object value, Sql relationSql, String self) {
        if (value instanceof String text) {
            String resolved = resolve(text, relationSql, self, false);
            return resolved.equals(text) ? text : resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object item : list) {
                Object v = linkedValue(item, relationSql, self);
                changed |= v != item;
                out.add(v);
            }
            return changed ? java.util.Collections.unmodifiableList(out) : value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            boolean changed = false;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = linkedValue(e.getValue(), relationSql, self);
                changed |= v != e.getValue();
                out.put(e.getKey(), v);
            }
            return changed ? java.util.Collections.unmodifiableMap(out) : value;
        }
        return value;
    }

    /** Ephemeral models reachable through ephemeral models only, parents first. */
    private static List<String> ephemeralAncestors(RenderedNode r, Function<String, RenderedNode> all, Dag dag) {
        Set<String> found = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(r.dependsOn());
        while (!stack.isEmpty()) {
            String id = stack.remove(stack.size() - 1);
            RenderedNode p = all.apply(id);
            if (p != null && isEphemeral(p.node()) && found.add(id)) {
                stack.addAll(p.dependsOn());
            }
        }
        List<String> ordered = new ArrayList<>(found);
        ordered.sort(dag::compare);
        return ordered;
    }

    static boolean isEphemeral(Node node) {
        return node.resourceType() == ResourceType.MODEL && "ephemeral".equals(node.config().materialized());
    }

    private SourcePosition positionOf(String id) {
        Node n = project.nodes().get(id);
        return n == null ? null : n.origin().position();
    }
}
