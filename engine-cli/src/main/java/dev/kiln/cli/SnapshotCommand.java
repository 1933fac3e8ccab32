package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln snapshot}: runs the selected snapshots (SCD type 2 history tables).
 */
@picocli.CommandLine.Command(name = "snapshot",
        description = "Run the selected snapshots (SCD type 2 history tables).")
public final class SnapshotCommand extends SelectiveRunCommand {

    @Override
    protected Command command() {
        return Command.SNAPSHOT;
    }
}
