package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Seeds, snapshots, models and tests in DAG order, like {@code kiln build}; a model that
 * errors or a test that fails fails the build. Runs in {@code verify} when bound without a phase.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class BuildMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.BUILD;
    }
}
