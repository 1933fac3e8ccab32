package dev.kiln;

import java.util.List;

/**
 * A node after rendering and linking: final config and SQL, ready to plan and run.
 *
 * @param node        the node, with its final config (the file's {@code <@config>} merged in)
 * @param compiledSql the SQL to run: relations resolved, ephemeral models inlined as CTEs
 *                    (empty for seeds)
 * @param relation    where the node is materialized ({@code null} for tests and ephemeral models)
 * @param dependsOn   unique ids of the nodes it reads, in order of first use
 * @param sources     unique ids of the sources it reads
 * @param failurePredicate for a row-level data test, the SQL condition true for a failing row of
 *                    the tested relation ({@code where} config included); otherwise {@code null}
 */
public record CompiledNode(Node node, String compiledSql, Relation relation, List<String> dependsOn,
                           List<String> sources, String failurePredicate) {

    /** Copies the lists. */
    public CompiledNode {
        dependsOn = List.copyOf(dependsOn);
        sources = List.copyOf(sources);
    }

    /** A node without a failure predicate. */
    public CompiledNode(Node node, String compiledSql, Relation relation, List<String> dependsOn, List<String> sources) {
        this(node, compiledSql, relation, dependsOn, sources, null);
    }

    /** The node's unique id. */
    public String uniqueId() {
        return node.uniqueId();
    }

    /** The node's name. */
    public String name() {
        return node.name();
    }

    /** The node's resource type. */
    public ResourceType resourceType() {
        return node.resourceType();
    }

    /** The final config. */
    public NodeConfig config() {
        return node.config();
    }
}
