package dev.kiln;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded project: every node, source, unit test and macro, plus the warnings found while
 * loading. Immutable.
 *
 * @param config    the contents of {@code kiln.yml}
 * @param nodes     models, seeds, snapshots and data tests by unique id, in load order
 * @param sources   declared source tables by unique id
 * @param unitTests unit tests by unique id
 * @param macros    macro files, in load order
 * @param warnings  non-fatal diagnostics found while loading
 * @param exposures entries of {@code exposures:} by unique id, in load order (disabled ones too)
 */
public record Project(ProjectConfig config, Map<String, Node> nodes, Map<String, SourceTable> sources,
                      Map<String, UnitTestSpec> unitTests, List<MacroFile> macros, List<Diagnostic> warnings,
                      Map<String, Exposure> exposures) {

    /** A project without exposures. */
    public Project(ProjectConfig config, Map<String, Node> nodes, Map<String, SourceTable> sources,
                   Map<String, UnitTestSpec> unitTests, List<MacroFile> macros, List<Diagnostic> warnings) {
        this(config, nodes, sources, unitTests, macros, warnings, Map.of());
    }

    /** The exposure {@code name}, enabled or not. */
    public Optional<Exposure> exposure(String name) {
        return Optional.ofNullable(exposures.get("exposure." + config.name() + "." + name));
    }

    /**
     * A file of FreeMarker functions and macros that every model can call.
     *
     * @param path      relative to the project directory
     * @param content   the template text
     * @param namespace the package it belongs to ({@code ${namespace.fn()}}), or {@code null} for the project's own
     */
    public record MacroFile(String path, String content, String namespace) {

        /** A macro file of the project itself. */
        public MacroFile(String path, String content) {
            this(path, content, null);
        }
    }

    /** The project's name. */
    public String name() {
        return config.name();
    }

    /** All nodes. */
    public Collection<Node> allNodes() {
        return nodes.values();
    }

    /** The model, seed or snapshot that {@code ref(name)} points at. */
    public Optional<Node> refable(String name) {
        for (ResourceType t : List.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SNAPSHOT)) {
            Node n = nodes.get(t.dbtName() + "." + config.name() + "." + name);
            if (n != null) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** The source table that {@code source(sourceName, table)} points at. */
    public Optional<SourceTable> source(String sourceName, String table) {
        return Optional.ofNullable(sources.get("source." + config.name() + "." + sourceName + "." + table));
    }
}
