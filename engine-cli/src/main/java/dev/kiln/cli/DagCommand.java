package dev.kiln.cli;

import picocli.CommandLine.Command;

/** {@code kiln dag …}: the project's DAG for an orchestrator. */
@Command(name = "dag", description = "Write the project's DAG for an orchestrator (kiln dag airflow).",
        subcommands = {DagAirflowCommand.class})
public final class DagCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Name an orchestrator: kiln dag airflow.");
    }
}
