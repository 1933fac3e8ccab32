package dev.kiln.spi;

import java.util.List;

/**
 * What the warehouse says about one existing relation for {@code catalog.json}: its columns with
 * their types, as {@link Session#describe} gives them, plus the statistics the warehouse keeps
 * (row count, size, last change), without scanning the data.
 *
 * @param info    the relation, its kind and its columns in order
 * @param comment the relation's comment in the warehouse, or {@code null}
 * @param owner   its owner as the warehouse records it, or {@code null}
 * @param stats   statistics, in the order to show them; empty when the warehouse keeps none
 */
public record CatalogEntry(RelationInfo info, String comment, String owner, List<Stat> stats) {

    /** Copies the list. */
    public CatalogEntry {
        stats = List.copyOf(stats);
    }

    /** An entry with the columns only. */
    public static CatalogEntry of(RelationInfo info) {
        return new CatalogEntry(info, null, null, List.of());
    }

    /**
     * One statistic, as dbt's catalog names them.
     *
     * @param id          a stable key: {@code row_count}, {@code bytes}, {@code last_modified}, …
     * @param label       what to show ({@code Row count})
     * @param value       a number, string or boolean
     * @param description what it means and how exact it is
     */
    public record Stat(String id, String label, Object value, String description) {

        /** The id of the row count. */
        public static final String ROW_COUNT = "row_count";
        /** The id of the size in bytes. */
        public static final String BYTES = "bytes";
    }
}
