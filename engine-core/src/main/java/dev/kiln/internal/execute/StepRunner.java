package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunOptions;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Materializer;
import dev.kiln.spi.Session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one step on the worker's own session: builds a model, seed or snapshot through the
 * adapter's {@link Materializer}, or evaluates a data test. Sessions are opened per worker
 * thread and closed by {@link #close()}; {@link #cancelAll()} aborts running statements.
 */
public final class StepRunner implements AutoCloseable {

    private final Adapter adapter;
    private final RunOptions options;
    private final Path projectRoot;
    private final TestRunner tests;
    private final Map<String, dev.kiln.UnitTestSpec> unitTestSpecs;
    private final java.util.function.Supplier<dev.kiln.internal.unittest.UnitTestRunner> unitTests;
    private final ExposureRunner exposures;
    private final Map<Thread, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Session> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /**
     * @param adapter     the open adapter
     * @param options     run options
     * @param projectRoot the project directory
     * @param tests       how data tests are evaluated
     */
    public StepRunner(Adapter adapter, RunOptions options, Path projectRoot, TestRunner tests,
                      UnitTests unitTests) {
        this(adapter, options, projectRoot, tests, unitTests, null);
    }

    /**
     * @param adapter     the open adapter
     * @param options     run options
     * @param projectRoot the project directory
     * @param tests       how data tests are evaluated
     * @param unitTests   the unit tests a run may meet
     * @param exposures   runs syncs and reports, or {@code null} when the plan has none
     */
    public StepRunner(Adapter adapter, RunOptions options, Path projectRoot, TestRunner tests,
                      UnitTests unitTests, ExposureRunner exposures) {
        this.exposures = exposures;
        this.adapter = adapter;
        this.options = options;
        this.projectRoot = projectRoot;
        this.tests = tests;
        this.unitTestSpecs = unitTests.specs();
        this.unitTests = unitTests.runner();
    }

    /**
     * The unit tests a run may meet.
     *
     * @param specs  unit tests by unique id
     * @param runner creates the runner on first use (it needs the DuckDB adapter)
     */
    public record UnitTests(Map<String, dev.kiln.UnitTestSpec> specs,
                            java.util.function.Supplier<dev.kiln.internal.unittest.UnitTestRunner> runner) {
    }

    /** Runs one node; never throws for a node failure (it becomes an ERROR result). */
    public NodeResult run(CompiledNode node) {
        if (cancelled) {
            return NodeResult.skipped(node.uniqueId(), "Cancelled");
        }
        Instant start = Instant.now();
        Session session = sessions.computeIfAbsent(Thread.currentThread(), t -> adapter.openSession());
        busy.add(session);
        try {
            return switch (node.resourceType()) {
                case TEST -> tests.run(node, session, start);
                case UNIT_TEST -> unitTests.get().run(unitTestSpecs.get(node.uniqueId()));
                case MODEL, SEED, SNAPSHOT -> build(node, session, start);
                case EXPOSURE -> {
                    if (exposures == null) {
                        throw new KilnException(ErrorCode.EXECUTION_FAILED, "This run cannot run exposures.");
                    }
                    yield exposures.run(node, session, start);
                }
                default -> throw new KilnException(ErrorCode.EXECUTION_FAILED,
                        "Cannot run a " + node.resourceType().dbtName());
            };
        } catch (RuntimeException e) {
            return new NodeResult(node.uniqueId(), NodeStatus.ERROR, start, Duration.between(start, Instant.now()),
                    message(e), -1, 0, session.lastResponse());
        } finally {
            busy.remove(session);
        }
    }

    private NodeResult build(CompiledNode node, Session session, Instant start) {
        Materializer m = adapter.materializer();
        if (ContractCheck.applies(node)) {
            ContractCheck.enforce(node, session, adapter.dialect());
        }
        BuildRequest req = new BuildRequest(node, node.relation(), session, options.fullRefresh(), projectRoot);
        BuildResult r = switch (node.resourceType()) {
            case SEED -> m.seed(req);
            case SNAPSHOT -> m.snapshot(req);
            default -> switch (node.config().materialized()) {
                case "view" -> m.view(req);
                case "table" -> m.table(req);
                case "incremental" -> m.incremental(req);
                default -> throw new KilnException(ErrorCode.EXECUTION_FAILED,
                        "Unknown materialization '" + node.config().materialized() + "'.");
            };
        };
        return new NodeResult(node.uniqueId(), NodeStatus.SUCCESS, start, Duration.between(start, Instant.now()),
                r.message(), r.rowsAffected(), 0, session.lastResponse());
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.strip();
    }

    /** Aborts every running statement (from any thread). */
    public void cancelAll() {
        cancelled = true;
        busy.forEach(s -> {
            try {
                s.cancel();
            } catch (RuntimeException ignored) {
                // best effort
            }
        });
    }

    /** Closes every session. */
    @Override
    public void close() {
        sessions.values().forEach(Session::close);
        sessions.clear();
    }
}
