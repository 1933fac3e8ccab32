package dev.kiln.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a query's rows over JDBC, each as its cells joined by {@code |}, for assertions on what a run wrote. */
public final class JdbcRows {

    private JdbcRows() {
    }

    /**
     * The rows of {@code sql} on a fresh connection to {@code url} ({@code jdbc:duckdb:/path/file.duckdb}).
     *
     * @param url the JDBC URL
     * @param sql the query
     * @return one string per row, {@code "1|free|5"}
     */
    public static List<String> query(String url, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    cells.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }
}
