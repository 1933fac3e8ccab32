package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln seed}: loads the selected seeds (CSV files) into tables.
 */
@picocli.CommandLine.Command(name = "seed",
        description = "Load the selected seeds (CSV files) into tables.")
public final class SeedCommand extends SelectiveRunCommand {

    @Override
    protected Command command() {
        return Command.SEED;
    }
}
