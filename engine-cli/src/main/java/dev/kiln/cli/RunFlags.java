package dev.kiln.cli;

import dev.kiln.RunOptions;
import picocli.CommandLine.Option;

/**
 * {@code --full-refresh}, {@code --fail-fast} and {@code --progress-interval}, shared by every
 * command that runs nodes.
 */
public final class RunFlags {

    @Option(names = "--full-refresh",
            description = "Rebuild incremental models from scratch instead of adding new rows.")
    boolean fullRefresh;

    @Option(names = {"-x", "--fail-fast"},
            description = "Stop at the first failure: running nodes finish, the rest are skipped.")
    boolean failFast;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "${env:KILN_PROGRESS_INTERVAL:-30}",
            description = "After this many seconds with nothing printed, print which nodes are still running "
                    + "(0: never). Default $KILN_PROGRESS_INTERVAL, else ${DEFAULT-VALUE}.")
    double progressInterval;

    /** How long a run may print nothing before it says what is still running; zero: never. */
    java.time.Duration progressInterval(picocli.CommandLine command) {
        if (!(progressInterval >= 0) || Double.isInfinite(progressInterval)) {
            throw new picocli.CommandLine.ParameterException(command,
                    "--progress-interval must be a number of seconds, 0 or more (was " + progressInterval + ")");
        }
        return java.time.Duration.ofMillis(Math.round(progressInterval * 1000));
    }

    /** The run options these flags describe. */
    public RunOptions toRunOptions() {
        return new RunOptions(fullRefresh, failFast);
    }
}
