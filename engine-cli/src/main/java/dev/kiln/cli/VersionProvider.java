package dev.kiln.cli;

import dev.kiln.Kiln;
import picocli.CommandLine.IVersionProvider;

/** {@code kiln --version}: Kiln's version. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"kiln " + Kiln.VERSION};
    }
}
