package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Hook;
import dev.kiln.KilnListener;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.internal.render.HookTemplates;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.Session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code on-run-start} or {@code on-run-end} of {@code kiln.yml} on one session of its
 * own, in order; each hook is an operation with its own result (dbt's
 * {@code operation.<project>.<project>-on-run-end-0}) and progress line. After a hook fails,
 * the rest of the same list is skipped.
 */
public final class ProjectHookRunner {

    /**
     * What running project hooks needs.
     *
     * @param project   the project's name
     * @param file      {@code kiln.yml}, where the hooks are declared
     * @param templates renders the hooks
     * @param compiled  the compiled project (relations and, for {@code results}, the nodes)
     * @param adapter   opens the session the hooks run on
     * @param listener  told when each hook starts and ends
     */
    public record Context(String project, Path file, HookTemplates templates, CompiledProject compiled,
                          Adapter adapter, KilnListener listener) {
    }

    private final Context ctx;

    /** @param ctx what running the hooks needs */
    public ProjectHookRunner(Context ctx) {
        this.ctx = ctx;
    }

    /** The unique id dbt gives hook {@code index} (from 0) of {@code which} ({@code on-run-start}, {@code on-run-end}). */
    public static String uniqueId(String project, String which, int index) {
        return "operation." + project + "." + project + "-" + which + "-" + index;
    }

    /**
     * Runs {@code hooks}.
     *
     * @param which {@code on-run-start} or {@code on-run-end}
     * @param hooks the hooks, in order
     * @param extra variables the templates see besides the usual ones ({@code results}, {@code schemas})
     * @return one result per hook, in order
     */
    public List<NodeResult> run(String which, List<Hook> hooks, Map<String, Object> extra) {
        List<NodeResult> out = new ArrayList<>();
        if (hooks.isEmpty()) {
            return out;
        }
        Session session = null;
        String failed = null;
        try {
            for (int i = 0; i < hooks.size(); i++) {
                Hook hook = hooks.get(i);
                CompiledNode node = node(which, i, hook);
                synchronized (ctx.listener()) {
                    ctx.listener().nodeStarted(node, i + 1, hooks.size());
                }
                NodeResult result;
                Instant start = Instant.now();
                if (failed != null) {
                    result = NodeResult.skipped(node.uniqueId(), "Skipped: " + failed + " failed");
                } else {
                    try {
                        String sql = ctx.templates().render(node.node(), hook, which + " hook " + (i + 1), extra,
                                ctx.compiled());
                        if (session == null) {
                            session = ctx.adapter().openSession();
                        }
                        session.execute(sql);
                        result = new NodeResult(node.uniqueId(), NodeStatus.SUCCESS, start,
                                Duration.between(start, Instant.now()), "OK", -1, 0, session.lastResponse());
                    } catch (RuntimeException e) {
                        failed = which + " hook " + (i + 1);
                        result = new NodeResult(node.uniqueId(), NodeStatus.ERROR, start,
                                Duration.between(start, Instant.now()), which + " hook " + (i + 1) + " (" + hook.position()
                                + ") failed: " + StepRunner.message(e), -1, 0, Map.of());
                    }
                }
                out.add(result);
                synchronized (ctx.listener()) {
                    ctx.listener().nodeFinished(node, result, i + 1, hooks.size());
                }
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return out;
    }

    /** The hook as a node: an operation named {@code <project>.on-run-end.0}, its SQL the hook. */
    private CompiledNode node(String which, int index, Hook hook) {
        Node n = new Node(uniqueId(ctx.project(), which, index), ResourceType.OPERATION,
                ctx.project() + "." + which + "." + index,
                new NodeOrigin(ctx.file(), hook.position(), List.of(ctx.project(), "hooks", which + "-" + index)),
                hook.sql(), NodeConfig.EMPTY, NodeDocs.NONE, null);
        return new CompiledNode(n, hook.sql(), null, List.of(), List.of());
    }

    /**
     * What {@code on-run-end} sees as {@code results}: one hash per node result ({@code unique_id},
     * {@code status}, {@code message}, {@code execution_time}, {@code rows_affected},
     * {@code failures}, and {@code node} with its {@code unique_id}, {@code name},
     * {@code resource_type}, {@code relation_name}, {@code schema}); no value is null.
     */
    public static List<Map<String, Object>> results(RunResults results, CompiledProject compiled,
                                                    java.util.function.Function<dev.kiln.Relation, String> render) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (NodeResult r : results.results()) {
            Map<String, Object> node = new LinkedHashMap<>();
            CompiledNode c = compiled.node(r.uniqueId()).orElse(null);
            node.put("unique_id", r.uniqueId());
            node.put("name", c == null ? r.uniqueId() : c.name());
            node.put("resource_type", c == null ? "" : c.resourceType().dbtName());
            node.put("relation_name", c == null || c.relation() == null ? "" : render.apply(c.relation()));
            node.put("schema", c == null || c.relation() == null ? "" : c.relation().schema());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("unique_id", r.uniqueId());
            m.put("status", r.status().dbtName());
            m.put("message", r.message() == null ? "" : r.message());
            m.put("execution_time", r.elapsed().toNanos() / 1e9);
            m.put("rows_affected", r.rowsAffected());
            m.put("failures", r.failures());
            m.put("node", node);
            out.add(m);
        }
        return out;
    }

    /** What {@code on-run-end} sees as {@code schemas}: the schemas of the nodes the run built. */
    public static List<String> schemas(List<CompiledNode> nodes) {
        Set<String> out = new LinkedHashSet<>();
        nodes.forEach(n -> {
            if (n.relation() != null && n.relation().schema() != null) {
                out.add(n.relation().schema());
            }
        });
        return List.copyOf(out);
    }
}
