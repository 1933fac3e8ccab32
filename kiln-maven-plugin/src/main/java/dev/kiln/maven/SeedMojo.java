package dev.kiln.maven;

import dev.kiln.Command;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code kiln:seed}: Loads the selected seeds (CSV files) into the warehouse, like {@code kiln seed}.
 */
@Mojo(name = "seed", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class SeedMojo extends AbstractRunMojo {

    @Override
    protected Command command() {
        return Command.SEED;
    }
}
