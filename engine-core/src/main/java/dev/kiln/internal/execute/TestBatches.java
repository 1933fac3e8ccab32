package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.NodeConfig;
import dev.kiln.SourceTable;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the row-level checks of one relation (not_null, accepted_values, accepted_range, …) in a
 * single scan: one query counts the failing rows of every check at once. The first check of a
 * relation to run computes the counts for all of them; the others wait for that result. A check
 * joins a batch only if it has a failure predicate, the default {@code fail_calc}, no
 * {@code limit}, no {@code store_failures}, and simple {@code warn_if}/{@code error_if} conditions.
 */
public final class TestBatches {

    /**
     * {@code -Dkiln.batchTests=false} runs every check on its own: the benchmark
     * ({@code benchmarks/test-batching.sh}) uses it to measure what batching saves.
     */
    static final boolean ENABLED = !"false".equals(System.getProperty("kiln.batchTests"));

    private final Map<String, String> batchOf = new HashMap<>();
    private final Map<String, List<CompiledNode>> members = new LinkedHashMap<>();
    private final Map<String, String> relationText = new HashMap<>();
    private final Map<String, CompletableFuture<Map<String, Long>>> results = new ConcurrentHashMap<>();

    /**
     * @param planned the data tests about to run
     * @param project the compiled project (relations of tested models)
     * @param dialect renders relations and sources
     */
    public TestBatches(Collection<CompiledNode> planned, CompiledProject project, Dialect dialect) {
        if (!ENABLED) {
            return;
        }
        for (CompiledNode t : planned) {
            if (!batchable(t)) {
                continue;
            }
            String attached = t.node().test().attachedNode();
            String relation = relationOf(attached, project, dialect);
            if (relation != null) {
                relationText.put(attached, relation);
                members.computeIfAbsent(attached, k -> new ArrayList<>()).add(t);
            }
        }
        members.entrySet().removeIf(e -> e.getValue().size() < 2);
        members.forEach((attached, tests) -> tests.forEach(t -> batchOf.put(t.uniqueId(), attached)));
    }

    /** How many checks will run batched. */
    public int batchedCount() {
        return batchOf.size();
    }

    /** Whether {@code test} runs in a batch. */
    boolean contains(CompiledNode test) {
        return batchOf.containsKey(test.uniqueId());
    }

    /** The failure count of {@code test}, computing its batch on first use. */
    long failures(CompiledNode test, Session session) {
        String attached = batchOf.get(test.uniqueId());
        CompletableFuture<Map<String, Long>> mine = new CompletableFuture<>();
        CompletableFuture<Map<String, Long>> existing = results.putIfAbsent(attached, mine);
        if (existing == null) {
            try {
                mine.complete(run(attached, session));
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
            existing = mine;
        }
        return existing.join().get(test.uniqueId());
    }

    private Map<String, Long> run(String attached, Session session) {
        List<CompiledNode> tests = members.get(attached);
        StringBuilder sql = new StringBuilder("select ");
        for (int i = 0; i < tests.size(); i++) {
            sql.append(i == 0 ? "" : ",\n  ").append("coalesce(sum(case when (").append(tests.get(i).failurePredicate())
                    .append(") then 1 else 0 end), 0) as f").append(i);
        }
        sql.append("\nfrom ").append(relationText.get(attached));
        QueryResult r = session.query(sql.toString(), 1);
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            Object v = r.rows().get(0).get(i);
            out.put(tests.get(i).uniqueId(), v instanceof Number n ? n.longValue() : 0L);
        }
        return out;
    }

    private static boolean batchable(CompiledNode t) {
        if (t.node().test() == null || t.failurePredicate() == null) {
            return false;
        }
        NodeConfig c = t.config();
        return c.string("fail_calc").isEmpty() && c.string("limit").isEmpty() && !c.flag("store_failures", false)
                && FailureCondition.parse(c.string("warn_if").orElse("!= 0")) != null
                && FailureCondition.parse(c.string("error_if").orElse("!= 0")) != null;
    }

    /** The relation's SQL, or {@code null} when its checks should not be batched. */
    private static String relationOf(String attached, CompiledProject project, Dialect dialect) {
        SourceTable source = project.project().sources().get(attached);
        if (source != null) {
            boolean stored = source.externalLocation() == null;
            return dialect.batchesChecks(stored) ? dialect.renderSource(source, project.project().config().root()) : null;
        }
        CompiledNode node = project.node(attached).filter(n -> n.relation() != null).orElse(null);
        if (node == null) {
            return null;
        }
        boolean stored = node.resourceType() != dev.kiln.ResourceType.MODEL || !"view".equals(node.config().materialized());
        return dialect.batchesChecks(stored) ? dialect.render(node.relation()) : null;
    }
}
