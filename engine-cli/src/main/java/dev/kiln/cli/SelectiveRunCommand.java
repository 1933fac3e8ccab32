package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import picocli.CommandLine.Mixin;

/**
 * A command that runs the selected nodes ({@code -s/--select}, {@code --exclude}): {@code run},
 * {@code seed}, {@code test}, {@code build} and {@code snapshot} differ only in their
 * {@link Command}. Plans first (without the warehouse, so a broken project fails with exit
 * code 2 before anything runs), says what the project holds ({@code Found 3 models, 2 seeds, …}:
 * the project's totals, as dbt prints them, whatever is selected), then executes.
 */
abstract class SelectiveRunCommand extends RunningCommand {

    @Mixin
    SelectionOptions selection;

    /** The command to run. */
    protected abstract Command command();

    @Override
    protected final RunResults start(Kiln kiln, Terminal terminal) {
        Selection chosen = selection.toSelection();
        kiln.plan(command(), chosen); // a broken project or selection fails here, before connecting
        terminal.progress(NodeCounts.found(kiln.compile()) + System.lineSeparator());
        return kiln.execute(command(), chosen, runOptions());
    }

    /** The run options: the shared flags, plus what a command adds. */
    protected RunOptions runOptions() {
        return flags.toRunOptions();
    }
}
