package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.ExecutionPlan;
import dev.kiln.Kiln;
import dev.kiln.ResourceType;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;

/**
 * A command that runs the selected nodes ({@code -s/--select}, {@code --exclude}): {@code run},
 * {@code seed}, {@code test}, {@code build} and {@code snapshot} differ only in their
 * {@link Command}. Plans first (without the warehouse, so a broken project fails with exit
 * code 2 before anything runs) to say what was found, then executes.
 */
abstract class SelectiveRunCommand extends RunningCommand {

    @Mixin
    SelectionOptions selection;

    /** The command to run. */
    protected abstract Command command();

    @Override
    protected final RunResults start(Kiln kiln, Terminal terminal) {
        Selection chosen = selection.toSelection();
        ExecutionPlan plan = kiln.plan(command(), chosen);
        List<ResourceType> types = new ArrayList<>();
        plan.steps().forEach(s -> types.add(s.node().resourceType()));
        if (!types.isEmpty()) {
            terminal.progress("Found " + NodeCounts.byType(types) + "." + System.lineSeparator());
        }
        return kiln.execute(command(), chosen, runOptions());
    }

    /** The run options: the shared flags, plus what a command adds. */
    protected RunOptions runOptions() {
        return flags.toRunOptions();
    }
}
