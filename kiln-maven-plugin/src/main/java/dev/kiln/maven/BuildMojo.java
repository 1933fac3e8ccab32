package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code kiln:build}: Seeds, snapshots, models and tests in DAG order, like {@code kiln build}; a failing model or test fails the build. Bound to {@code verify} by default.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class BuildMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.BUILD;
    }
}
