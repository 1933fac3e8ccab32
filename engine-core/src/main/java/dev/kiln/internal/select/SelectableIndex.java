package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What selection methods search: the compiled nodes and the declared sources of a project,
 * with lookups that are computed once, on first use (file paths, the tests
 * attached to each node). Not thread-safe; one per {@link Selector}.
 */
final class SelectableIndex {

    private final CompiledProject project;
    private final List<CompiledNode> nodes;
    private final List<SourceTable> sources;
    private Set<String> allIds;
    private Map<String, String> paths;
    private Map<String, List<String>> attachedTests;

    SelectableIndex(CompiledProject project) {
        this.project = project;
        List<CompiledNode> all = new ArrayList<>(dev.kiln.internal.ingest.LoadNodes.of(project.project()));
        all.addAll(project.nodes());
        this.nodes = List.copyOf(all);
        this.sources = List.copyOf(project.project().sources().values());
    }

    /** The compiled project. */
    CompiledProject project() {
        return project;
    }

    /** The project's name (its package, in dbt's words). */
    String projectName() {
        return project.project().name();
    }

    /** The project directory. */
    Path root() {
        return project.project().config().root();
    }

    /** Every compiled node, parents first. */
    List<CompiledNode> nodes() {
        return nodes;
    }

    /** Every declared source table. */
    List<SourceTable> sources() {
        return sources;
    }

    /** Ids of every node and source. */
    Set<String> allIds() {
        if (allIds == null) {
            Set<String> ids = new LinkedHashSet<>(nodes.size() + sources.size());
            sources.forEach(s -> ids.add(s.uniqueId()));
            nodes.forEach(n -> ids.add(n.uniqueId()));
            allIds = java.util.Collections.unmodifiableSet(ids);
        }
        return allIds;
    }

    /** The file that defines a node, relative to the project directory, with '/'. */
    String path(CompiledNode node) {
        return paths().get(node.uniqueId());
    }

    /** The YAML file that declares a source, relative to the project directory, with '/'. */
    String path(SourceTable source) {
        return paths().get(source.uniqueId());
    }

    private Map<String, String> paths() {
        if (paths == null) {
            paths = new HashMap<>((nodes.size() + sources.size()) * 2);
            nodes.forEach(n -> paths.put(n.uniqueId(), slashes(n.node().origin().path())));
            sources.forEach(s -> paths.put(s.uniqueId(), slashes(s.origin() == null ? null : s.origin().path())));
        }
        return paths;
    }

    /**
     * The data tests and unit tests that read {@code uniqueId} directly (its children of type
     * test), for indirect selection.
     */
    List<String> testsOn(String uniqueId) {
        if (attachedTests == null) {
            attachedTests = new HashMap<>();
            for (CompiledNode n : nodes) {
                if (isTest(n.resourceType())) {
                    for (String parent : project.parents(n.uniqueId())) {
                        attachedTests.computeIfAbsent(parent, k -> new ArrayList<>()).add(n.uniqueId());
                    }
                }
            }
        }
        return attachedTests.getOrDefault(uniqueId, List.of());
    }

    /** Whether nodes of this type are selected indirectly, with what they test. */
    static boolean isTest(ResourceType type) {
        return type == ResourceType.TEST || type == ResourceType.UNIT_TEST;
    }

    private static String slashes(Path p) {
        if (p == null) {
            return "";
        }
        String s = p.toString().replace('\\', '/');
        return s.startsWith("./") ? s.substring(2) : s;
    }

    /** The compiled nodes among {@code ids}, in the order of the project (parents first). */
    List<CompiledNode> inProjectOrder(Collection<String> ids) {
        Set<String> wanted = ids instanceof Set<String> set ? set : new java.util.HashSet<>(ids);
        List<CompiledNode> out = new ArrayList<>();
        for (CompiledNode n : nodes) {
            if (wanted.contains(n.uniqueId())) {
                out.add(n);
            }
        }
        return out;
    }
}
