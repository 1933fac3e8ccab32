package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.NodeConfig;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Relation;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Evaluates a data test: its query returns failing rows; {@code fail_calc} (default
 * {@code count(*)}) counts them; {@code warn_if} and {@code error_if} (default {@code != 0})
 * decide the status under its {@code severity}; {@code limit} caps the rows considered;
 * {@code store_failures} keeps the failing rows in a table of the audit schema.
 */
public final class TestRunner {

    /** Schema of stored failures when the test sets none. */
    public static final String AUDIT_SCHEMA = "kiln_test__audit";

    private final Materializer materializer;
    private final TestBatches batches;
    private final boolean warningsFail;

    /**
     * @param materializer builds the tables of stored failures
     * @param batches      checks that run together in one scan per relation
     */
    public TestRunner(Materializer materializer, TestBatches batches) {
        this(materializer, batches, false);
    }

    /**
     * @param materializer builds the tables of stored failures
     * @param batches      checks that run together in one scan per relation
     * @param warningsFail a test that would warn fails instead ({@code --warn-error}, as in dbt)
     */
    public TestRunner(Materializer materializer, TestBatches batches, boolean warningsFail) {
        this.materializer = materializer;
        this.batches = batches;
        this.warningsFail = warningsFail;
    }

    private static String failingRows(CompiledNode node) {
        return node.config().string("limit").map(n -> "select * from (\n" + node.compiledSql()
                + "\n) as kiln_failing limit " + n).orElse(node.compiledSql());
    }

    NodeResult run(CompiledNode node, Session session, Instant start) {
        NodeConfig c = node.config();
        if (batches.contains(node)) {
            try {
                long failures = batches.failures(node, session);
                boolean warn = FailureCondition.parse(c.string("warn_if").orElse("!= 0")).test(failures);
                boolean error = FailureCondition.parse(c.string("error_if").orElse("!= 0")).test(failures);
                return result(node, c, failures, warn, error, start, session);
            } catch (RuntimeException batchFailed) {
                // run on its own below, so that the error is reported against the check that causes it
            }
        }
        String failing = failingRows(node);
        String failCalc = c.string("fail_calc").orElse("count(*)");
        String query = "select " + failCalc + " as failures, (" + failCalc + ") " + c.string("warn_if").orElse("!= 0")
                + " as should_warn, (" + failCalc + ") " + c.string("error_if").orElse("!= 0")
                + " as should_error\nfrom (\n" + failing + "\n) as kiln_test";
        QueryResult r = session.query(query, 1);
        List<Object> row = r.rows().get(0);
        long failures = row.get(0) instanceof Number n ? n.longValue() : 0;
        boolean warn = Boolean.TRUE.equals(row.get(1));
        boolean error = Boolean.TRUE.equals(row.get(2));
        return result(node, c, failures, warn, error, start, session);
    }

    private NodeResult result(CompiledNode node, NodeConfig c, long failures, boolean warn, boolean error, Instant start,
                              Session session) {
        boolean severityError = !"warn".equalsIgnoreCase(c.string("severity").orElse("error"));
        NodeStatus status = severityError && error ? NodeStatus.FAIL : (warn || error) ? NodeStatus.WARN : NodeStatus.PASS;
        String message = status == NodeStatus.PASS ? "PASS" : "Got " + failures + " result" + (failures == 1 ? "" : "s")
                + ", configured to " + (status == NodeStatus.FAIL ? "fail" : "warn") + " if " + c.string(status
                == NodeStatus.FAIL ? "error_if" : "warn_if").orElse("!= 0");
        if (status == NodeStatus.WARN && warningsFail) {
            status = NodeStatus.FAIL;
            message += " (a failure with --warn-error)";
        }
        if (c.flag("store_failures", false) && status != NodeStatus.PASS) {
            Relation audit = Relation.of(c.schema().orElse(AUDIT_SCHEMA), node.name());
            materializer.table(new dev.kiln.spi.BuildRequest(
                    new CompiledNode(node.node(), failingRows(node), audit, node.dependsOn(), node.sources()), audit, session,
                    false, null));
            message += " (failing rows in " + audit.displayName() + ")";
        }
        return new NodeResult(node.uniqueId(), status, start, Duration.between(start, Instant.now()), message, -1,
                failures, session.lastResponse());
    }

}
