package dev.kiln.internal.link;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Exposure;
import dev.kiln.Relation;
import dev.kiln.TargetConfig;
import dev.kiln.TemplateReads;
import dev.kiln.internal.render.RenderedNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A downstream-only link: the previous link of the same project ({@link State}) with only the
 * nodes an edit can have changed linked again, and the same result as a full link.
 *
 * <p>A node's compiled form depends on its own rendered node (SQL, config, what it reads), on the
 * relation SQL of each node it reads, on the SQL of the ephemeral models it inlines, and on the
 * graph (the order of those CTEs). So the nodes linked again are: those whose rendered node
 * changed; the children of a changed node whose relation or relation SQL changed, or that is (or
 * was) ephemeral; and, through ephemeral children, their children in turn. The graph is reused
 * when no changed node reads anything else than before, and built again otherwise (then every
 * node that inlines an ephemeral model is linked again too: the order of its CTEs follows the
 * graph's). Anything else — nodes added, removed, reordered, enabled or disabled, another target,
 * other sources or exposures, many changes — and {@link #relink} declines: a full link.
 */
final class Relinker {

    /** Past this share of the nodes changed (1/n), a full link is as quick. */
    private static final int MAX_CHANGED_SHARE = 4;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Relinker.class);

    private Relinker() {
    }

    /**
     * What a link depends on besides the rendered nodes (see {@link Linker#key}).
     *
     * @param place     where the compile's artifacts go (its target directory)
     * @param target    the target
     * @param dialect   the dialect's class
     * @param empty     {@code --empty}
     * @param sources   the sources' unique ids, in order
     * @param exposures the exposures
     */
    record Key(Object place, TargetConfig target, Class<?> dialect, boolean empty, List<String> sources,
               List<Exposure> exposures) {
    }

    /**
     * A link and what it was made of.
     *
     * @param key       what it depends on besides the rendered nodes
     * @param rendered  the rendered nodes it linked, in order
     * @param index     unique id → position in {@code rendered}
     * @param linked    the result and its parts
     * @param ephemeral the enabled ephemeral models
     */
    record State(Key key, List<RenderedNode> rendered, Map<String, Integer> index, Linker.Linked linked,
                 Set<String> ephemeral) {

        /** The state of a full link. */
        static State of(Key key, List<RenderedNode> rendered, Linker.Linked linked) {
            List<RenderedNode> nodes = List.copyOf(rendered);
            Map<String, Integer> index = new HashMap<>(nodes.size() * 2);
            Set<String> ephemeral = new HashSet<>();
            for (int i = 0; i < nodes.size(); i++) {
                RenderedNode r = nodes.get(i);
                index.put(r.node().uniqueId(), i);
                if (r.node().config().enabled() && Linker.isEphemeral(r.node())) {
                    ephemeral.add(r.node().uniqueId());
                }
            }
            return new State(key, nodes, index, linked, ephemeral);
        }

        /** The enabled rendered node {@code id}, or {@code null}. */
        RenderedNode enabled(String id) {
            Integer i = index.get(id);
            if (i == null) {
                return null;
            }
            RenderedNode r = rendered.get(i);
            return r.node().config().enabled() ? r : null;
        }
    }

    /**
     * {@code rendered} linked by {@code linker} from {@code previous}, or {@code null} when only a
     * full link will do. Throws {@link dev.kiln.KilnException} as a full link would (a cycle).
     */
    static State relink(Linker linker, Key key, State previous, List<RenderedNode> rendered) {
        if (!key.equals(previous.key())) {
            return decline("the target, sources or exposures changed");
        }
        List<RenderedNode> before = previous.rendered();
        if (rendered.size() != before.size()) {
            return decline("nodes were added or removed");
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < rendered.size(); i++) {
            RenderedNode r = rendered.get(i);
            RenderedNode o = before.get(i);
            if (r == o) {
                continue;
            }
            if (!r.node().uniqueId().equals(o.node().uniqueId())) {
                return decline("nodes were added, removed or reordered");
            }
            if (!r.equals(o)) {
                changed.add(i);
                if (changed.size() > rendered.size() / MAX_CHANGED_SHARE) {
                    return decline("too many nodes changed");
                }
            }
        }
        List<RenderedNode> nodes = List.copyOf(rendered);
        Linker.Linked was = previous.linked();
        Map<String, Relation> relations = was.relations();
        Map<String, String> own = was.ownSql();
        Map<String, TemplateReads> reads = was.reads();
        Set<String> ephemeral = previous.ephemeral();
        Map<String, RenderedNode> edited = new LinkedHashMap<>();
        Set<String> seeds = new HashSet<>(); // what others see of them changed
        boolean edges = false;
        for (int i : changed) {
            RenderedNode r = rendered.get(i);
            RenderedNode o = before.get(i);
            boolean on = r.node().config().enabled();
            if (on != o.node().config().enabled()) {
                return decline(r.node().uniqueId() + " was enabled or disabled");
            }
            if (!on) {
                continue;
            }
            String id = r.node().uniqueId();
            for (String parent : r.dependsOn()) {
                if (was.disabled().contains(parent)) {
                    return decline(id + " reads a disabled node"); // the full link says so
                }
            }
            edges |= !r.dependsOn().equals(o.dependsOn()) || !r.sources().equals(o.sources());
            Relation rel = linker.relation(r.node());
            String sql = linker.ownSql(r.node(), rel);
            boolean eph = Linker.isEphemeral(r.node());
            if (!rel.equals(relations.get(id)) || !sql.equals(own.get(id))) {
                relations = relations == was.relations() ? new HashMap<>(relations) : relations;
                own = own == was.ownSql() ? new HashMap<>(own) : own;
                relations.put(id, rel);
                own.put(id, sql);
                seeds.add(id);
            }
            if (eph || Linker.isEphemeral(o.node())) {
                seeds.add(id);
                if (eph != ephemeral.contains(id)) {
                    ephemeral = ephemeral == previous.ephemeral() ? new HashSet<>(ephemeral) : ephemeral;
                    if (eph) {
                        ephemeral.add(id);
                    } else {
                        ephemeral.remove(id);
                    }
                }
            }
            if (!Objects.equals(r.reads(), o.reads())) {
                reads = reads == was.reads() ? new HashMap<>(reads) : reads;
                if (r.reads() != null && !r.reads().isEmpty()) {
                    reads.put(id, r.reads());
                } else {
                    reads.remove(id);
                }
            }
            edited.put(id, r);
        }
        State now = new State(key, nodes, previous.index(), null, ephemeral);
        Function<String, RenderedNode> all = now::enabled;
        Dag dag = was.dag();
        if (edges) {
            Map<String, RenderedNode> enabled = new LinkedHashMap<>();
            for (RenderedNode r : nodes) {
                if (r.node().config().enabled()) {
                    enabled.put(r.node().uniqueId(), r);
                }
            }
            dag = linker.dag(enabled, was.disabled());
        }
        Set<String> again = new java.util.LinkedHashSet<>(edited.keySet());
        Deque<String> queue = new ArrayDeque<>(seeds);
        Set<String> queued = new HashSet<>(seeds);
        while (!queue.isEmpty()) {
            for (String child : dag.childIds(queue.poll())) {
                again.add(child);
                if (ephemeral.contains(child) && queued.add(child)) { // what its readers inline changed too
                    queue.add(child);
                }
            }
        }
        if (edges && !ephemeral.isEmpty()) { // the graph's order may have moved their CTEs
            for (RenderedNode r : nodes) {
                if (r.node().config().enabled() && r.dependsOn().stream().anyMatch(ephemeral::contains)) {
                    again.add(r.node().uniqueId());
                }
            }
        }
        Linker.Sql relationSql = new Linker.Sql(own, own);
        Map<String, Relation> rels = relations;
        Dag graph = dag;
        List<RenderedNode> todo = again.stream().map(all).filter(Objects::nonNull).toList();
        List<CompiledNode> linked = (todo.size() > 64 ? todo.parallelStream() : todo.stream())
                .map(r -> linker.compile(r, all, rels, relationSql, graph)).toList();
        Linker.checkIncrementalConfig(linked);
        Map<String, CompiledNode> compiled = new HashMap<>(was.result().nodes().size() * 2);
        was.result().nodes().forEach(n -> compiled.put(n.uniqueId(), n));
        linked.forEach(n -> compiled.put(n.uniqueId(), n));
        CompiledProject result = new CompiledProject(linker.project(), compiled, dag, Map.of(), reads);
        LOG.debug("link: {} node(s) changed, {} linked again, graph {}", edited.size(), linked.size(),
                edges ? "built again" : "kept");
        return new State(key, nodes, now.index(),
                new Linker.Linked(result, dag, relations, own, reads, was.disabled()), ephemeral);
    }

    private static State decline(String why) {
        LOG.debug("link: a full link, {}", why);
        return null;
    }
}
