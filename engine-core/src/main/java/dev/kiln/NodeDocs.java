package dev.kiln;

import java.util.List;

/**
 * What YAML says about a node.
 *
 * @param description the node's description ("" when undocumented)
 * @param columns     documented columns, in declaration order
 */
public record NodeDocs(String description, List<ColumnSpec> columns) {

    /** No documentation. */
    public static final NodeDocs NONE = new NodeDocs("", List.of());

    /** Copies {@code columns}. */
    public NodeDocs {
        columns = List.copyOf(columns);
    }
}
