package dev.kiln.spi;

import dev.kiln.Relation;

import java.util.List;

/**
 * What the warehouse says about an existing relation.
 *
 * @param relation the relation
 * @param kind     table or view
 * @param columns  its columns in order
 */
public record RelationInfo(Relation relation, RelationKind kind, List<Column> columns) {

    /**
     * A column.
     *
     * @param name column name
     * @param type the warehouse's type name, as it reports it
     */
    public record Column(String name, String type) {
    }
}
