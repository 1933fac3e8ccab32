package dev.kiln.internal.report;

import dev.kiln.CompiledProject;

import java.nio.file.Path;

/** Writes {@code target/manifest.json} (dbt-like). */
public final class ManifestWriter {

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public ManifestWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /** Writes the manifest of {@code project}. */
    public Path write(CompiledProject project, ManifestMetadata metadata) {
        return targetDir.resolve("manifest.json"); // TODO(report): write it
    }
}
