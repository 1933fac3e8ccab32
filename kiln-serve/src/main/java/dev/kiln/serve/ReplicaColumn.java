package dev.kiln.serve;

/**
 * A column of a replicated model.
 *
 * @param name the column name
 * @param type its DuckDB type in the replica
 * @param kind what the API makes of it
 */
public record ReplicaColumn(String name, String type, ColumnKind kind) {
}
