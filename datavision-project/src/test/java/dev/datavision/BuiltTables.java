package dev.datavision;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the tables a DataVision build wrote in an attached DuckDB database, for tests that compare two builds. */
public final class BuiltTables {

    private BuiltTables() {
    }

    /** The base tables of {@code schemas} in the attached database {@code catalog}, as schema.table, sorted. */
    public static List<String> tables(Statement s, String catalog, List<String> schemas) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                + "WHERE table_catalog = '" + catalog + "' AND table_type = 'BASE TABLE' "
                + "AND table_schema IN ('" + String.join("', '", schemas) + "') ORDER BY 1")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }

    /**
     * The select list that compares {@code table} (schema.table in {@code catalog}): its columns in
     * order, DOUBLE and FLOAT ones rounded to 9 decimals, since a sum of doubles depends on the
     * order the rows are read in (the last bits of an average or an AUC).
     */
    public static String comparable(Statement s, String catalog, String table) throws SQLException {
        String[] parts = table.split("\\.");
        List<String> columns = new ArrayList<>();
        try (ResultSet r = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_catalog = '" + catalog + "' AND table_schema = '" + parts[0] + "' AND table_name = '"
                + parts[1] + "' ORDER BY ordinal_position")) {
            while (r.next()) {
                String column = '"' + r.getString(1) + '"';
                columns.add(r.getString(2).equals("DOUBLE") || r.getString(2).equals("FLOAT")
                        ? "round(" + column + ", 9) AS " + column : column);
            }
        }
        return String.join(", ", columns);
    }
}
