package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln run}: builds the selected models (tables, views, incremental models) in DAG order.
 */
@picocli.CommandLine.Command(name = "run",
        description = "Build the selected models (tables, views, incremental models).")
public final class RunCommand extends SelectiveRunCommand {

    @Override
    protected Command command() {
        return Command.RUN;
    }
}
