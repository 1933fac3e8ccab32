package dev.kiln.maven;

import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Base of the goals that run nodes on the warehouse ({@code seed}, {@code run}, {@code test},
 * {@code build}): runs {@link #command()} on the selection and fails the build with a summary
 * when a node errored or a test failed.
 */
public abstract class AbstractRunMojo extends AbstractKilnMojo {

    /** Rebuilds incremental models and seeds from scratch. */
    @Parameter(property = "kiln.fullRefresh", defaultValue = "false")
    protected boolean fullRefresh;

    /** Stops at the first failure: running nodes finish, the rest are skipped. */
    @Parameter(property = "kiln.failFast", defaultValue = "false")
    protected boolean failFast;

    /** The command this goal runs. */
    protected abstract Command command();

    /** The run options of this goal. */
    protected RunOptions runOptions() {
        return new RunOptions(fullRefresh, failFast);
    }

    @Override
    protected String goal() {
        return command().cliName();
    }

    @Override
    protected void execute(Kiln kiln) throws MojoFailureException {
        RunResults results = kiln.execute(command(), selection(), runOptions());
        RunReport.check(goal(), results, listener().problems());
    }
}
