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
     * @param render    renders a relation in the target's dialect (for {@code results})
     */
    public record Context(String project, Path file, HookTemplates templates, CompiledProject compiled,
                          Adapter adapter, KilnListener listener, java.util.function.Function<dev.kiln.Relation, String> render) {
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
     * A run between {@code on-run-start} and {@code on-run-end}: when a start hook fails, every
     * step of {@code plan} is skipped; the end hooks run whatever the nodes did (not after a
     * cancel) and see their {@code results} and {@code schemas}. The hooks' results come first
     * and last.
     *
     * @param declared the project hooks
     * @param plan     what the run runs
     * @param nodes    runs the plan
     * @return every result, the hooks' included
     */
    public RunResults around(dev.kiln.RunHooks declared, dev.kiln.ExecutionPlan plan,
                             java.util.function.Supplier<RunResults> nodes) {
        Instant start = Instant.now();
        List<NodeResult> before = run("on-run-start", declared.onRunStart(), Map.of());
        RunResults ran = before.stream().anyMatch(r -> r.status().isFailure())
                ? skipAll(plan, "Skipped: an on-run-start hook failed") : nodes.get();
        List<NodeResult> after = ran.cancelled() ? List.of() : run("on-run-end", declared.onRunEnd(), Map.of(
                "results", results(ran, ctx.compiled(), ctx.render()),
                "schemas", schemas(plan.steps().stream().map(dev.kiln.ExecutionPlan.Step::node).toList())));
        List<NodeResult> all = new ArrayList<>(before);
        all.addAll(ran.results());
        all.addAll(after);
        return new RunResults(ran.command(), all, Duration.between(start, Instant.now()), ran.cancelled());
    }

    /** Every step of {@code plan} skipped, told to the listener as if run. */
    private RunResults skipAll(dev.kiln.ExecutionPlan plan, String why) {
        List<NodeResult> skipped = new ArrayList<>();
        int i = 0;
        synchronized (ctx.listener()) {
            ctx.listener().runStarted(plan.command(), plan.size());
            for (dev.kiln.ExecutionPlan.Step s : plan.steps()) {
                NodeResult r = NodeResult.skipped(s.uniqueId(), why);
                skipped.add(r);
                ctx.listener().nodeFinished(s.node(), r, ++i, plan.size());
            }
            RunResults out = new RunResults(plan.command().cliName(), skipped, Duration.ZERO, false);
            ctx.listener().runFinished(out);
            return out;
        }
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
