package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln build}: seeds, snapshots, models and their tests in DAG order; a failing test
 * skips everything downstream of the node it tests.
 */
@picocli.CommandLine.Command(name = "build",
        description = "Seed, snapshot, run and test the selection in DAG order; a failing test skips what is downstream.")
public final class BuildCommand extends SelectiveRunCommand {

    @picocli.CommandLine.Mixin
    EmptyFlag empty;

    @Override
    protected dev.kiln.RunOptions runOptions() {
        return super.runOptions().withEmpty(empty.empty);
    }

    @Override
    protected Command command() {
        return Command.BUILD;
    }
}
