package dev.kiln.internal.report;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@code manifest.json} from an earlier run, read for {@code state:} selection and {@code --defer}. */
public final class PreviousManifest {

    /**
     * What the earlier manifest recorded about one node.
     *
     * @param uniqueId  the node's unique id
     * @param checksum  sha256 of its raw code (for seeds: of the CSV file)
     * @param config    its final config
     * @param relation  {@code schema.identifier} it was materialized as, or {@code null}
     * @param dependsOn unique ids it depended on
     */
    public record NodeState(String uniqueId, String checksum, Map<String, Object> config, String relation,
                            java.util.List<String> dependsOn) {
    }

    private final Map<String, NodeState> nodes;

    private PreviousManifest(Map<String, NodeState> nodes) {
        this.nodes = nodes;
    }

    /** Reads {@code dir/manifest.json}. */
    public static PreviousManifest read(Path dir) {
        return new PreviousManifest(Map.of()); // TODO(report): read it
    }

    /** The recorded state of a node, if the earlier manifest had it. */
    public Optional<NodeState> node(String uniqueId) {
        return Optional.ofNullable(nodes.get(uniqueId));
    }

    /** Every unique id in the earlier manifest. */
    public Set<String> uniqueIds() {
        return nodes.keySet();
    }
}
