package dev.kiln;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the last successful compile of a project found and compiled, as recorded by partial
 * parsing: returned by {@link KilnBuilder#upToDateCompile()} when nothing that compile read has
 * changed and what it wrote is still as it wrote it, so that nothing needs to be compiled again.
 *
 * @param found     the project's totals (dbt's {@code Found} line), as {@link ResourceCounts#of} counted them
 * @param nodes     the compiled nodes by resource type, in the enum's order
 * @param targetDir the target directory holding that compile's {@code manifest.json} and compiled tree
 */
public record CompileSummary(ResourceCounts found, Map<ResourceType, Integer> nodes, Path targetDir) {

    /** Copies the counts. */
    public CompileSummary {
        Map<ResourceType, Integer> copy = new EnumMap<>(ResourceType.class);
        copy.putAll(nodes);
        nodes = Collections.unmodifiableMap(copy);
    }

    /** How many nodes were compiled. */
    public int nodeCount() {
        return nodes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
