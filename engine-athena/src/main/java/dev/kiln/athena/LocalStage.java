package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import dev.kiln.stage.StagingTable;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a load on Athena stages its rows before they go to S3: a DuckDB database in a temporary
 * folder on the machine running Kiln (on disk, never the whole load in the JVM's heap), one
 * {@link StagingTable} per loaded table (the staging the DuckDB adapter's loads use too),
 * written out as one Parquet file per table at commit. Closing it deletes the folder.
 */
final class LocalStage implements AutoCloseable {

    private final Path dir;
    private final DuckDBConnection conn;
    private final Map<String, StagingTable> writers = new LinkedHashMap<>();

    LocalStage() {
        try {
            dir = Files.createTempDirectory("kiln-athena-load-");
            conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("stage.duckdb"));
            try (Statement st = conn.createStatement()) {
                st.execute("set threads = 1");
                st.execute("set memory_limit = '256MB'");
                st.execute("set temp_directory = '" + dir.resolve("tmp").toString().replace("'", "''") + "'");
                st.execute("set preserve_insertion_order = true");
            }
        } catch (IOException | SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot create the local staging database for a load"
                    + " on Athena (in " + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
        }
    }

    /** The writer of {@code table} ("" for the loaded table itself), created on first use. */
    StageWriter writer(String table) {
        return writers.computeIfAbsent(table, t -> new StagingTable(conn, "main", "t" + writers.size(),
                t.isEmpty() ? "the loaded table" : "child table " + t));
    }

    /** The tables that have columns, in the order they were first staged. */
    List<String> tables() {
        return writers.entrySet().stream().filter(e -> e.getValue().hasColumns()).map(Map.Entry::getKey).toList();
    }

    /** The staged columns of {@code table}, in order. */
    Map<String, LoadType> columns(String table) {
        StagingTable w = writers.get(table);
        return w == null ? Map.of() : Map.copyOf(w.columns());
    }

    /** The staged column names of {@code table}, in order. */
    List<String> columnNames(String table) {
        StagingTable w = writers.get(table);
        return w == null ? List.of() : w.columnNames();
    }

    /**
     * Writes {@code table}'s rows to a local Parquet file and returns it with its row count. With
     * {@code keys}, only the last staged row of each key is written (a merge's last duplicate wins).
     */
    Written parquet(String table, List<String> keys) {
        StagingTable w = writers.get(table);
        w.finish();
        return write(w.name(), StagingTable.lastPerKey(w.relation(), keys));
    }

    /**
     * Writes a child table's rows to a local Parquet file: only those whose top-level row
     * ({@code _kiln_root_id}) is one the parent's file keeps (the last duplicate of each key of
     * {@code rootKeys}): the children of a replaced duplicate go with it.
     */
    Written childParquet(String child, List<String> rootKeys) {
        StagingTable w = writers.get(child);
        w.finish();
        StagingTable root = writers.get("");
        root.finish();
        return write(w.name(), "select * from " + w.relation() + " where " + StagingTable.quote("_kiln_root_id")
                + " in (select " + StagingTable.quote("_kiln_id") + " from (" + StagingTable.lastPerKey(root.relation(), rootKeys)
                + "))");
    }

    private Written write(String name, String select) {
        Path file = dir.resolve(name + ".parquet");
        try (Statement st = conn.createStatement()) {
            st.execute("copy (" + select + ") to '" + file.toString().replace("'", "''")
                    + "' (format parquet, compression zstd)");
            try (var rs = st.executeQuery("select count(*) from read_parquet('" + file.toString().replace("'", "''") + "')")) {
                rs.next();
                return new Written(file, rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot write the staged rows as Parquet: " + e.getMessage(), e);
        }
    }

    /**
     * A local Parquet file.
     *
     * @param file the file
     * @param rows its rows
     */
    record Written(Path file, long rows) {
    }

    @Override
    public void close() {
        writers.values().forEach(StagingTable::abandon);
        try {
            conn.close();
        } catch (SQLException ignored) {
            // going away
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
