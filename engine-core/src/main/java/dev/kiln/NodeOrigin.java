package dev.kiln;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a node comes from.
 *
 * @param path      the file that defines it, relative to the project directory
 *                  (for a generic test: the YAML file that declares it)
 * @param position  the exact place of its declaration (line 1 of a model file, or the
 *                  YAML entry), for diagnostics
 * @param fqn       dbt's fully qualified name: project, folders, name
 */
public record NodeOrigin(Path path, SourcePosition position, List<String> fqn) {
    /** Copies {@code fqn}. */
    public NodeOrigin {
        fqn = List.copyOf(fqn);
    }
}
