package dev.kiln.maven;

import dev.kiln.Command;
import dev.kiln.RunOptions;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the selected sync exposures, like {@code kiln sync}: each after the data tests of what
 * it reads passed. A sync that errors fails the build. See {@code docs/exposures.md}.
 */
@Mojo(name = "sync", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class SyncMojo extends AbstractRunMojo {

    /** Works out and writes what would be sent under {@code target/sync/<exposure>/}; sends nothing. */
    @Parameter(property = "kiln.dryRun", defaultValue = "false")
    protected boolean dryRun;

    @Override
    protected Command command() {
        return Command.SYNC;
    }

    @Override
    protected RunOptions runOptions() {
        return super.runOptions().withDryRun(dryRun);
    }
}
