package dev.kiln;

import java.util.List;

/**
 * Rows a query returned to the embedder: what {@link Kiln#show}, {@link Kiln#showInline} and a
 * statement of {@link Kiln#runOperation} give back.
 *
 * @param columns   the column names, in order
 * @param types     the warehouse's type name of each column
 * @param rows      the rows; values are JDBC-style Java objects ({@code null} for SQL NULL)
 * @param truncated whether the query had more rows than were asked for
 */
public record QueryRows(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated) {

    /** The single value of a one-row, one-column result, or {@code null} when there is none. */
    public Object scalar() {
        return rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
    }
}
