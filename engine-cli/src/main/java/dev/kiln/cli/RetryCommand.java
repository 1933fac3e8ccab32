package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.RunResults;
import picocli.CommandLine.Command;

/**
 * {@code kiln retry}: re-runs, with the same command, the nodes that errored, failed or were
 * skipped in the last run (read from {@code target/run_results.json}).
 */
@Command(name = "retry",
        description = "Re-run the nodes that errored, failed or were skipped in the last run (target/run_results.json).")
public final class RetryCommand extends RunningCommand {

    @Override
    protected RunResults start(Kiln kiln, Terminal terminal) {
        terminal.progress(NodeCounts.found(kiln.compile()) + System.lineSeparator()); // as every run prints
        return kiln.retry(flags.toRunOptions());
    }

    @Override
    protected boolean announcesSize() {
        return true;
    }

    @Override
    protected String nothingToDo() {
        return "Nothing to retry: every node of the last run succeeded.";
    }
}
