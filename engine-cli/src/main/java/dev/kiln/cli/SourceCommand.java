package dev.kiln.cli;

import picocli.CommandLine.Command;

/** {@code kiln source …}: commands about declared sources. */
@Command(name = "source", description = "Commands about declared sources.",
        subcommands = {SourceFreshnessCommand.class})
public final class SourceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Name a source command: kiln source freshness.");
    }
}
