package dev.kiln;

/**
 * One executable resource of a project: a model, seed, snapshot or data test, as loaded
 * (before rendering).
 *
 * @param uniqueId     {@code model.<project>.<name>}, {@code seed.…}, {@code snapshot.…}, {@code test.…}
 * @param resourceType what kind of resource
 * @param name         the name {@code ref()} uses
 * @param origin       the defining file and position
 * @param rawCode      the template text (for a seed: empty; for a generic test: its template)
 * @param config       configuration from {@code kiln.yml} and YAML (the model file's
 *                     {@code <@config>} is merged in when it is rendered)
 * @param docs         description and columns from YAML
 * @param test         for a generic data test, what it checks; otherwise {@code null}
 */
public record Node(String uniqueId, ResourceType resourceType, String name, NodeOrigin origin,
                   String rawCode, NodeConfig config, NodeDocs docs, TestMetadata test) {

    /** A copy with another configuration. */
    public Node withConfig(NodeConfig newConfig) {
        return new Node(uniqueId, resourceType, name, origin, rawCode, newConfig, docs, test);
    }
}
