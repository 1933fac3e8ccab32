package dev.kiln.cli;

import dev.kiln.Command;

/**
 * {@code kiln report}: writes the selected exposures that have a {@code report:} block (Excel
 * workbooks, CSV or Parquet files), each after the data tests of what it reads passed.
 */
@picocli.CommandLine.Command(name = "report",
        description = "Write the selected report exposures (xlsx, csv, parquet), each after the data tests of the "
                + "models it reads passed; a failing test skips it.")
public final class ReportCommand extends SelectiveRunCommand {

    @Override
    protected Command command() {
        return Command.REPORT;
    }
}
