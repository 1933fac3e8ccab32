package dev.kiln;

import java.util.List;
import java.util.Set;

/**
 * The dependency graph of a compiled project, by unique id (nodes and sources): what
 * {@link CompiledProject} is built from. Immutable.
 */
public interface DependencyGraph {

    /** Every id, parents before children. */
    List<String> topologicalOrder();

    /** Whether {@code id} is in the graph. */
    boolean contains(String id);

    /** Direct parents of {@code id}. */
    List<String> parents(String id);

    /** Direct children of {@code id}. */
    List<String> children(String id);

    /** Ancestors up to {@code depth} edges (all with a negative depth). */
    Set<String> ancestors(String id, int depth);

    /** Descendants up to {@code depth} edges (all with a negative depth). */
    Set<String> descendants(String id, int depth);
}
