package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln test}: runs the selected data tests and the unit tests of the selected models.
 */
@picocli.CommandLine.Command(name = "test",
        description = "Run the selected data tests and unit tests.")
public final class TestCommand extends SelectiveRunCommand {

    @Override
    protected Command command() {
        return Command.TEST;
    }
}
