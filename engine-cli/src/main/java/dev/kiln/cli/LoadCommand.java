package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln load}: runs the loads of the selected source tables ({@code -s source:app}), landing
 * their data in the raw layer; with no selection, every load.
 */
@picocli.CommandLine.Command(name = "load",
        description = "Land the selected sources' data in the raw layer (source tables with 'load:').")
public final class LoadCommand extends SelectiveRunCommand {

    @Override
    protected Command command() {
        return Command.LOAD;
    }
}
