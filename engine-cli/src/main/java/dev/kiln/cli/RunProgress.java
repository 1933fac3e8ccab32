package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.Diagnostic;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a run as it happens: one {@link ProgressLine} per node as it finishes (an error's
 * first line under it), and remembers the nodes that did not pass for the {@link RunSummary}.
 * Warnings and stage timings go to the {@link CliListener} it wraps.
 * <p>
 * Node events come from worker threads, one at a time; each event prints its text with one
 * call, so lines never mix. When nothing is printed for a while, a {@link Heartbeat} line says
 * which nodes are still running.
 */
final class RunProgress implements KilnListener, AutoCloseable {

    /**
     * A node that ended in error, failure or warning.
     *
     * @param node   the node
     * @param result how it ended
     */
    record Problem(CompiledNode node, NodeResult result) {
    }

    private final Terminal terminal;
    private final CliListener base;
    private final boolean announce;
    private final boolean debug;
    private final List<Problem> problems = new ArrayList<>();
    private final Heartbeat heartbeat;

    /**
     * @param terminal where to print
     * @param base     shows warnings and stage timings
     * @param announce print how many nodes the run has when it starts (for {@code retry},
     *                 whose nodes are not known before)
     * @param debug    also note on stderr when each node starts ({@code --debug})
     * @param silence  after this long with nothing printed, say which nodes are still running
     *                 (a {@link Heartbeat}); zero turns that off
     */
    RunProgress(Terminal terminal, CliListener base, boolean announce, boolean debug, Duration silence) {
        this.terminal = terminal;
        this.base = base;
        this.announce = announce;
        this.debug = debug;
        this.heartbeat = new Heartbeat(silence, terminal::progress);
    }

    @Override
    public void warnings(List<Diagnostic> warnings) {
        base.warnings(warnings);
    }

    @Override
    public void stageFinished(String stage, Duration elapsed) {
        base.stageFinished(stage, elapsed);
    }

    @Override
    public void runStarted(Command command, int total) {
        if (announce) {
            terminal.progress("Retrying " + NodeCounts.plural(total, "node") + " of the last " + command.cliName()
                    + "." + System.lineSeparator());
        }
    }

    @Override
    public void nodeStarted(CompiledNode node, int index, int total) {
        heartbeat.started(shownName(node), total);
        if (debug) {
            terminal.note("debug: started " + index + " of " + total + " " + node.uniqueId());
            terminal.err().flush();
        }
    }

    @Override
    public synchronized void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
        String line = ProgressLine.format(node, result, index, total, terminal.style());
        if (result.status() == NodeStatus.ERROR && result.message() != null && !result.message().isBlank()) {
            line += System.lineSeparator() + "  " + terminal.style().red(firstLine(result.message()));
        }
        terminal.progress(line);
        heartbeat.finished(shownName(node));
        if (result.status().isFailure() || result.status() == NodeStatus.WARN) {
            problems.add(new Problem(node, result));
        }
    }

    @Override
    public void progress(CompiledNode node, String line) {
        terminal.progress("  " + node.name() + ": " + line);
        heartbeat.printed();
    }

    @Override
    public void runFinished(RunResults results) {
        heartbeat.close();
    }

    /** Stops the heartbeat, if the run ended without {@link #runFinished}. */
    @Override
    public void close() {
        heartbeat.close();
    }

    /** The name a heartbeat line gives a running node: its relation when it builds one. */
    private static String shownName(CompiledNode node) {
        return node.relation() != null && node.resourceType() != ResourceType.TEST
                ? node.relation().displayName() : node.name();
    }

    /** The nodes that errored, failed or warned, in the order they finished. */
    synchronized List<Problem> problems() {
        return List.copyOf(problems);
    }

    private static String firstLine(String message) {
        return message.strip().lines().findFirst().orElse("");
    }
}
