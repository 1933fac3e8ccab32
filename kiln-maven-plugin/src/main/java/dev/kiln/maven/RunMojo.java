package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Builds the selected models, like {@code kiln run}. Runs in {@code integration-test} when
 * bound without a phase.
 */
@Mojo(name = "run", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class RunMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.RUN;
    }
}
