package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.RunOptions;
import picocli.CommandLine.Option;

/**
 * {@code kiln sync}: runs the selected exposures that have a {@code sync:} block (reverse ETL),
 * each after the data tests of what it reads passed; a failing test skips it.
 */
@picocli.CommandLine.Command(name = "sync",
        description = {"Run the selected sync exposures (reverse ETL), each after the data tests of the models it "
                + "reads passed; a failing test skips it.",
                "With --dry-run, work out what would be sent (new, changed, unchanged) and write it under "
                        + "target/sync/<exposure>/, sending nothing."})
public final class SyncCommand extends SelectiveRunCommand {

    @Option(names = "--dry-run", description = "Work out and write the diff under target/sync/<exposure>/; send nothing.")
    boolean dryRun;

    @Override
    protected Command command() {
        return Command.SYNC;
    }

    @Override
    protected RunOptions runOptions() {
        return super.runOptions().withDryRun(dryRun);
    }
}
