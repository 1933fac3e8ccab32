package dev.kiln.cli;

import picocli.CommandLine.Command;

/** {@code kiln docs …}: the documentation site. */
@Command(name = "docs", description = "The project's documentation site: kiln docs generate, kiln docs serve.",
        subcommands = {DocsGenerateCommand.class, DocsServeCommand.class})
public final class DocsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Name a docs command: kiln docs generate, or kiln docs serve.");
    }
}
