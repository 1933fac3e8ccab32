package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import dev.kiln.RunResults;
import picocli.CommandLine.Mixin;

import java.time.Duration;

/**
 * Base of the commands that run nodes on the warehouse ({@code run}, {@code seed},
 * {@code test}, {@code build}, {@code snapshot}, {@code retry}). It loads the project with a
 * {@link RunProgress} listener, prints the header, lets the subclass start the run, and prints
 * the {@link RunSummary}; Ctrl-C cancels the run cleanly ({@link RunCancellation}). The exit
 * code is {@link RunResults#exitCode()}: 0 when nothing errored or failed (warnings allowed),
 * 1 otherwise.
 */
abstract class RunningCommand extends KilnSubcommand {

    /** How long Ctrl-C waits for a run to roll back before the process ends anyway. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(30);

    @Mixin
    RunFlags flags;

    @Mixin
    RunEndOptions runEnd;

    @Override
    protected final int execute(Terminal terminal) {
        boolean debug = options().debug();
        dev.kiln.cli.ops.ArtifactUpload.Location artifacts = runEnd.location();
        KilnListener events;
        RunProgress progress;
        if (root().jsonLogs()) { // node lines as dbt's structured events instead of text
            progress = new RunProgress(new Terminal(new java.io.PrintWriter(java.io.Writer.nullWriter()), terminal.err(),
                    Style.PLAIN), new CliListener(terminal, debug), announcesSize(), debug, java.time.Duration.ZERO);
            events = new BothListeners(progress, new JsonRunLog(root().jsonLog(), spec.commandLine().getOut()));
        } else {
            progress = new RunProgress(terminal, new CliListener(terminal, debug), announcesSize(), debug,
                    flags.progressInterval(spec.commandLine()));
            events = progress;
        }
        try (progress; RunCancellation cancellation = new RunCancellation(terminal, CANCEL_GRACE)) {
            try (Kiln kiln = load(new BothListeners(events, cancellation))) {
                cancellation.attach(kiln);
                terminal.progress("Running with kiln=" + Kiln.VERSION + ", target=" + kiln.target().name()
                        + " (" + kiln.target().type() + "), threads=" + kiln.target().threads()
                        + (options().defer ? ", deferring to " + options().state + (options().favorState ? " (favor state)" : "") : ""));
                RunResults results = start(kiln, terminal);
                if (results.results().isEmpty() && !results.cancelled()) {
                    terminal.progress(nothingToDo());
                    return 0;
                }
                terminal.progress(System.lineSeparator()
                        + RunSummary.format(results, progress.problems(), terminal.style()));
                RunEnd.finish(kiln, spec.name(), results, artifacts, runEnd.artifactsEndpoint, terminal);
                return results.exitCode();
            }
        }
    }

    /**
     * Prints what will run and runs it.
     *
     * @param kiln     the loaded project
     * @param terminal where to print
     * @return the results
     */
    protected abstract RunResults start(Kiln kiln, Terminal terminal);

    /** Whether the progress should announce the number of nodes when the run starts. */
    protected boolean announcesSize() {
        return false;
    }

    /** What to say when there was nothing to run. */
    protected String nothingToDo() {
        return "Nothing to do: the selection holds no nodes this command runs.";
    }
}
