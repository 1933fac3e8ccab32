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

    /** Reads at most {@code maxRows} rows of a JDBC result set (for adapters that speak JDBC). */
    public static QueryResult read(java.sql.ResultSet rs, int maxRows) throws java.sql.SQLException {
        java.sql.ResultSetMetaData md = rs.getMetaData();
        List<String> names = new java.util.ArrayList<>();
        List<String> types = new java.util.ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        List<List<Object>> rows = new java.util.ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new java.util.ArrayList<>(names.size());
            for (int i = 1; i <= names.size(); i++) {
                row.add(rs.getObject(i));
            }
            rows.add(row);
        }
        return new QueryResult(names, types, rows, truncated);
    }

    /**
     * Hands every row of a JDBC result set to {@code handler}, one at a time (for adapters that
     * speak JDBC). The row list is reused between rows.
     */
    public static void stream(java.sql.ResultSet rs, RowHandler handler) throws java.sql.SQLException {
        java.sql.ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> names = new java.util.ArrayList<>(n);
        List<String> types = new java.util.ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(md.getColumnLabel(i));
            types.add(md.getColumnTypeName(i));
        }
        handler.start(List.copyOf(names), List.copyOf(types));
        Object[] values = new Object[n];
        List<Object> row = java.util.Arrays.asList(values);
        while (rs.next()) {
            for (int i = 1; i <= n; i++) {
                values[i - 1] = rs.getObject(i);
            }
            handler.row(row);
        }
    }

    /** The single value of a one-row, one-column result. */
    public Object scalar() {
        return rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
    }
}
