package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes the selected report exposures (xlsx, csv, parquet), like {@code kiln report}: each
 * after the data tests of what it reads passed. See {@code docs/exposures.md}.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.REPORT;
    }
}
