package dev.kiln.spi;

import java.util.List;

/**
 * Rows returned by a query.
 *
 * @param columns   column names
 * @param types     the warehouse's type names
 * @param rows      the rows; values are JDBC-style Java objects
 * @param truncated true when the query had more rows than were asked for
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated) {

    /** The single value of a one-row, one-column result. */
    public Object scalar() {
        return rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
    }
}
