package dev.kiln.internal.report;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.Diagnostic;
import dev.kiln.ExecutionPlan;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code target/run_results.json} current while a command runs, so that {@code kiln
 * retry} after a crash (even {@code kill -9}) re-runs what had not finished: written when the
 * run starts (every node not finished) and then again as nodes finish, at most about once a
 * second (and never more often than 20 times the last write took), so a run of 10,000 nodes
 * does not rewrite the file 10,000 times. Nodes without a result yet are written as
 * {@code skipped}, which {@code retry} re-runs. A decorator: every call goes on to the
 * listener it wraps. The final file is written by the caller when the run ends.
 */
public final class LiveRunResults implements KilnListener {

    /** The message of a node that had not finished when the file was written. */
    public static final String NOT_FINISHED = "Not finished when run_results.json was written (the run was still going, or was killed)";

    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final KilnListener next;
    private final ExecutionPlan plan;
    private final RunResultsWriter writer;
    private final ManifestMetadata metadata;
    private final Map<String, Object> args;
    private final Map<String, NodeResult> finished = new HashMap<>();
    private final Map<String, String> threads = new java.util.concurrent.ConcurrentHashMap<>();
    private final Instant started = Instant.now();
    private Instant lastWrite = Instant.MIN;
    private Duration lastWriteTook = Duration.ZERO;

    /**
     * @param next     the listener every call goes on to
     * @param plan     what runs
     * @param writer   writes the file
     * @param metadata the invocation's metadata
     * @param args     the invocation's arguments, as the final file records them
     */
    public LiveRunResults(KilnListener next, ExecutionPlan plan, RunResultsWriter writer, ManifestMetadata metadata,
                          Map<String, Object> args) {
        this.next = next;
        this.plan = plan;
        this.writer = writer;
        this.metadata = metadata;
        this.args = args;
    }

    @Override
    public void warnings(List<Diagnostic> warnings) {
        next.warnings(warnings);
    }

    @Override
    public void stageFinished(String stage, Duration elapsed) {
        next.stageFinished(stage, elapsed);
    }

    @Override
    public void runStarted(Command command, int total) {
        write();
        next.runStarted(command, total);
    }

    @Override
    public void nodeStarted(CompiledNode node, int index, int total) {
        threads.put(node.uniqueId(), Thread.currentThread().getName()); // called on the thread that runs the node
        next.nodeStarted(node, index, total);
    }

    @Override
    public void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
        finished.put(result.uniqueId(), result);
        Instant now = Instant.now();
        Duration wait = lastWriteTook.multipliedBy(20);
        if (Duration.between(lastWrite, now).compareTo(wait.compareTo(MIN_INTERVAL) > 0 ? wait : MIN_INTERVAL) >= 0) {
            write();
        }
        next.nodeFinished(node, result, index, total);
    }

    @Override
    public void runFinished(RunResults results) {
        next.runFinished(results);
    }

    /** The thread each started node ran on, by unique id ({@code run_results.json}'s {@code thread_id}). */
    public Map<String, String> threads() {
        return Map.copyOf(threads);
    }

    /** Writes the file as the run stands; a failure to write only loses this interim copy. */
    private void write() {
        Instant start = Instant.now();
        List<NodeResult> all = plan.steps().stream().map(s -> finished.getOrDefault(s.uniqueId(),
                new NodeResult(s.uniqueId(), dev.kiln.NodeStatus.SKIPPED, started, Duration.ZERO, NOT_FINISHED, -1, 0, Map.of())))
                .toList();
        try {
            writer.write(new RunResults(plan.command().cliName(), all, Duration.between(started, start), false), metadata, args,
                    threads());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveRunResults.class).warn("Could not update run_results.json: {}", e.getMessage());
        }
        lastWrite = Instant.now();
        lastWriteTook = Duration.between(start, lastWrite);
    }
}
