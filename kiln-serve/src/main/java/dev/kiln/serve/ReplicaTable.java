package dev.kiln.serve;

import java.util.List;
import java.util.Optional;

/**
 * A model copied into one version of the replica.
 *
 * @param model   the served model
 * @param sqlName the quoted name of its table in the replica ({@code "v3"."rfm_segments"})
 * @param columns its columns, in order
 * @param rows    how many rows were copied
 */
public record ReplicaTable(ServedModel model, String sqlName, List<ReplicaColumn> columns, long rows) {

    /** Copies the columns. */
    public ReplicaTable {
        columns = List.copyOf(columns);
    }

    /** The column named {@code name} (case-insensitively, as DuckDB resolves names). */
    public Optional<ReplicaColumn> column(String name) {
        for (ReplicaColumn c : columns) {
            if (c.name().equalsIgnoreCase(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The column names. */
    public List<String> columnNames() {
        return columns.stream().map(ReplicaColumn::name).toList();
    }
}
