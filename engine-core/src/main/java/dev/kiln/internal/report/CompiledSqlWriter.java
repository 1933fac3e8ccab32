package dev.kiln.internal.report;

import dev.kiln.CompiledProject;

import java.nio.file.Path;

/** Writes {@code target/compiled/<project>/<path>.sql} for every compiled node. */
public final class CompiledSqlWriter {

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public CompiledSqlWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /** Writes the compiled SQL of every node of {@code project}. */
    public void write(CompiledProject project) {
        // TODO(report): write the files
    }
}
