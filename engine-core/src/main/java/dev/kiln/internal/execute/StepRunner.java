package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
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
public final class StepRunner implements StepExecutor, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StepRunner.class);

    private final Adapter adapter;
    private final RunOptions options;
    private final Path projectRoot;
    private final TestRunner tests;
    private final Map<String, dev.kiln.UnitTestSpec> unitTestSpecs;
    private final java.util.function.Supplier<dev.kiln.internal.unittest.UnitTestRunner> unitTests;
    private final ExposureRunner exposures;
    private final dev.kiln.internal.ingest.LoadRunner loads;
    private final BuildJournal journal;
    private final NodeHooks hooks;
    private final Map<Thread, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Session> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /**
     * @param adapter     the open adapter
     * @param options     run options
     * @param projectRoot the project directory
     * @param runners     what runs each kind of step
     */
    public StepRunner(Adapter adapter, RunOptions options, Path projectRoot, Runners runners) {
        this.adapter = adapter;
        this.options = options;
        this.projectRoot = projectRoot;
        this.tests = runners.tests();
        this.unitTestSpecs = runners.unitTests().specs();
        this.unitTests = runners.unitTests().runner();
        this.exposures = runners.exposures();
        this.loads = runners.loads();
        this.journal = runners.journal();
        this.hooks = runners.hooks();
    }

    /**
     * What runs each kind of step besides models, seeds and snapshots.
     *
     * @param tests     how data tests are evaluated
     * @param unitTests the unit tests a run may meet
     * @param exposures runs syncs and reports, or {@code null} when the run has none
     * @param loads     runs loaded source tables, or {@code null} when the run has none
     * @param journal   records every build before it starts and when it ends, to recover after a
     *                  crash, or {@code null}
     * @param hooks     runs the {@code pre_hook} and {@code post_hook} of models, seeds and snapshots,
     *                  or {@code null} to run none
     */
    public record Runners(TestRunner tests, UnitTests unitTests, ExposureRunner exposures,
                          dev.kiln.internal.ingest.LoadRunner loads, BuildJournal journal, NodeHooks hooks) {

        /** Without node hooks. */
        public Runners(TestRunner tests, UnitTests unitTests, ExposureRunner exposures,
                       dev.kiln.internal.ingest.LoadRunner loads, BuildJournal journal) {
            this(tests, unitTests, exposures, loads, journal, null);
        }
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

    /**
     * Runs one node; never throws for a node failure (it becomes an ERROR result). A model, seed
     * or snapshot whose failure the adapter calls transient is run again on a fresh session, as
     * often as its {@code retries} config allows ({@link RetryPolicy}).
     */
    public NodeResult run(CompiledNode node) {
        RetryPolicy policy;
        try {
            policy = node.resourceType() == ResourceType.MODEL || node.resourceType() == ResourceType.SEED
                    || node.resourceType() == ResourceType.SNAPSHOT ? RetryPolicy.of(node) : RetryPolicy.NONE;
        } catch (KilnException e) {
            return new NodeResult(node.uniqueId(), NodeStatus.ERROR, Instant.now(), Duration.ZERO, message(e), -1, 0,
                    Map.of());
        }
        Instant first = Instant.now();
        for (int retry = 0; ; retry++) {
            Attempt a = once(node);
            boolean again = a.failure() != null && retry < policy.retries() && !cancelled
                    && adapter.isTransient(a.failure());
            if (!again) {
                return retry == 0 ? a.result() : a.result().afterRetries(retry, first);
            }
            java.time.Duration wait = policy.delayBefore(retry + 1);
            LOG.warn("{} failed with a transient error; retry {} of {} in {} ms: {}", node.name(), retry + 1,
                    policy.retries(), wait.toMillis(), a.result().message());
            discardSession();
            RetryPolicy.sleep(wait, () -> cancelled);
        }
    }

    /** One attempt: its result and, for an ERROR, what was thrown. */
    private record Attempt(NodeResult result, RuntimeException failure) {
    }

    private Attempt once(CompiledNode node) {
        if (cancelled) {
            return new Attempt(NodeResult.skipped(node.uniqueId(), "Cancelled"), null);
        }
        Instant start = Instant.now();
        Session session;
        try {
            session = sessions.computeIfAbsent(Thread.currentThread(), t -> adapter.openSession());
        } catch (RuntimeException e) {
            return new Attempt(new NodeResult(node.uniqueId(), NodeStatus.ERROR, start,
                    Duration.between(start, Instant.now()), message(e), -1, 0, Map.of()), e);
        }
        busy.add(session);
        try {
            return new Attempt(switch (node.resourceType()) {
                case TEST -> tests.run(node, session, start);
                case UNIT_TEST -> unitTests.get().run(unitTestSpecs.get(node.uniqueId()));
                case MODEL, SEED, SNAPSHOT -> build(node, session, start);
                case SOURCE -> {
                    if (loads == null) {
                        throw new KilnException(ErrorCode.EXECUTION_FAILED, "This run cannot run loads.");
                    }
                    yield loads.run(node, session, start);
                }
                case EXPOSURE -> {
                    if (exposures == null) {
                        throw new KilnException(ErrorCode.EXECUTION_FAILED, "This run cannot run exposures.");
                    }
                    yield exposures.run(node, session, start);
                }
                default -> throw new KilnException(ErrorCode.EXECUTION_FAILED,
                        "Cannot run a " + node.resourceType().dbtName());
            }, null);
        } catch (RuntimeException e) {
            return new Attempt(new NodeResult(node.uniqueId(), NodeStatus.ERROR, start,
                    Duration.between(start, Instant.now()), message(e), -1, 0, session.lastResponse()), e);
        } finally {
            busy.remove(session);
        }
    }

    /** Closes this thread's session after a transient failure: the next attempt opens a fresh one. */
    private void discardSession() {
        Session s = sessions.remove(Thread.currentThread());
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a failed session", e);
            }
        }
    }

    private NodeResult build(CompiledNode node, Session session, Instant start) {
        Materializer m = adapter.materializer();
        if (ContractCheck.applies(node)) {
            ContractCheck.enforce(node, session, adapter.dialect());
        }
        BuildRequest req = new BuildRequest(node, node.relation(), session, options.fullRefresh(), projectRoot);
        if (journal != null) {
            journal.started(node.uniqueId(), node.relation());
        }
        boolean hooked = hooks != null && NodeHooks.any(node);
        BuildResult r;
        try {
            if (hooked) {
                hooks.run(node, NodeHooks.PRE, false, session); // transaction: false, before it begins
            }
            r = m.atomically(req, () -> {
                if (hooked) {
                    hooks.run(node, NodeHooks.PRE, true, session);
                }
                BuildResult built = materialize(m, node, req);
                if (hooked) {
                    hooks.run(node, NodeHooks.POST, true, session); // a failure here rolls the build back
                }
                return built;
            });
            if (hooked) {
                hooks.run(node, NodeHooks.POST, false, session); // transaction: false, after the commit
            }
        } finally {
            if (journal != null) {
                journal.ended(node.uniqueId());
            }
        }
        return new NodeResult(node.uniqueId(), NodeStatus.SUCCESS, start, Duration.between(start, Instant.now()),
                r.message(), r.rowsAffected(), 0, session.lastResponse());
    }

    private static BuildResult materialize(Materializer m, CompiledNode node, BuildRequest req) {
        return switch (node.resourceType()) {
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
