package dev.kiln.cli;

import dev.kiln.RunOptions;
import picocli.CommandLine.Option;

/** {@code --full-refresh} and {@code --fail-fast}, shared by every command that runs nodes. */
public final class RunFlags {

    @Option(names = "--full-refresh",
            description = "Rebuild incremental models from scratch instead of adding new rows.")
    boolean fullRefresh;

    @Option(names = {"-x", "--fail-fast"},
            description = "Stop at the first failure: running nodes finish, the rest are skipped.")
    boolean failFast;

    /** The run options these flags describe. */
    public RunOptions toRunOptions() {
        return new RunOptions(fullRefresh, failFast);
    }
}
