package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln run}: builds the selected models (tables, views, incremental models) in DAG order.
 */
@picocli.CommandLine.Command(name = "run",
        description = "Build the selected models (tables, views, incremental models).")
public final class RunCommand extends SelectiveRunCommand {

    @picocli.CommandLine.Mixin
    EmptyFlag empty;

    @Override
    protected dev.kiln.RunOptions runOptions() {
        return super.runOptions().withEmpty(empty.empty);
    }

    @Override
    protected Command command() {
        return Command.RUN;
    }
}
