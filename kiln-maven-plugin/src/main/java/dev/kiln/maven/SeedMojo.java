package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Loads the selected seeds (CSV files) into the warehouse, like {@code kiln seed}. Runs in
 * {@code pre-integration-test} when bound without a phase.
 */
@Mojo(name = "seed", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class SeedMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.SEED;
    }
}
