package dev.kiln;

import java.util.List;

/**
 * What YAML says about a node.
 *
 * @param description the node's description ("" when undocumented)
 * @param columns     documented columns, in declaration order
 * @param constraints dbt {@code constraints:}, the model's own first, then its columns', in
 *                    declaration order (a column's carry that column)
 */
public record NodeDocs(String description, List<ColumnSpec> columns, List<Constraint> constraints) {

    /** No documentation. */
    public static final NodeDocs NONE = new NodeDocs("", List.of());

    /** Copies the lists. */
    public NodeDocs {
        columns = List.copyOf(columns);
        constraints = List.copyOf(constraints);
    }

    /** Documentation without constraints. */
    public NodeDocs(String description, List<ColumnSpec> columns) {
        this(description, columns, List.of());
    }
}
