package dev.datavision.raw;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** An in-memory DuckDB with one view per generated table, reading the real Parquet files. */
final class Sql implements AutoCloseable {

    static final String AS_OF = "TIMESTAMP '2026-11-01 00:00:00'";

    private final Connection connection;

    Sql(Path root) throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        for (Table table : Table.values()) {
            Path dir = root.resolve(table.layer == Table.Layer.RAW ? "raw" : "ground_truth").resolve(table.tableName);
            execute("CREATE VIEW " + table.tableName + " AS SELECT * FROM read_parquet('"
                    + dir.resolve("*.parquet").toString().replace("'", "''") + "')");
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql) throws SQLException {
        return ((Number) value(sql)).longValue();
    }

    double number(String sql) throws SQLException {
        Object v = value(sql);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    Object value(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row: " + sql);
            }
            return rs.getObject(1);
        }
    }

    List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** {@code name type} pairs of a relation, as DuckDB describes them. */
    List<String> columns(String relation) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE " + relation)) {
            while (rs.next()) {
                columns.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return columns;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
