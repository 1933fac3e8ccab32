package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs the selected data tests and unit tests, like {@code kiln test}; a failing test fails
 * the build. Runs in {@code verify} when bound without a phase.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class TestMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.TEST;
    }
}
