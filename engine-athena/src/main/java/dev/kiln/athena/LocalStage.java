package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a load on Athena stages its rows before they go to S3: a DuckDB database in a temporary
 * folder on the machine running Kiln (on disk, never the whole load in the JVM's heap), one
 * table per loaded table, written out as one Parquet file per table at commit. Closing it
 * deletes the folder.
 */
final class LocalStage implements AutoCloseable {

    private final Path dir;
    private final DuckDBConnection conn;
    private final Map<String, Writer> writers = new LinkedHashMap<>();

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
        return writers.computeIfAbsent(table, t -> new Writer("t" + writers.size()));
    }

    /** The tables that have columns, in the order they were first staged. */
    List<String> tables() {
        return writers.entrySet().stream().filter(e -> !e.getValue().columns.isEmpty()).map(Map.Entry::getKey).toList();
    }

    /** The staged columns of {@code table}, in order. */
    Map<String, LoadType> columns(String table) {
        Writer w = writers.get(table);
        return w == null ? Map.of() : Map.copyOf(w.columns);
    }

    /** The staged column names of {@code table}, in order. */
    List<String> columnNames(String table) {
        Writer w = writers.get(table);
        return w == null ? List.of() : List.copyOf(w.columns.keySet());
    }

    /**
     * Writes {@code table}'s rows to a local Parquet file and returns it with its row count. With
     * {@code keys}, only the last staged row of each key is written (a merge's last duplicate wins).
     */
    Written parquet(String table, List<String> keys) {
        Writer w = writers.get(table);
        w.finish();
        return write(w.name, lastPerKey(q(w.name), keys));
    }

    /**
     * Writes a child table's rows to a local Parquet file: only those whose top-level row
     * ({@code _kiln_root_id}) is one the parent's file keeps (the last duplicate of each key of
     * {@code rootKeys}): the children of a replaced duplicate go with it.
     */
    Written childParquet(String child, List<String> rootKeys) {
        Writer w = writers.get(child);
        w.finish();
        Writer root = writers.get("");
        root.finish();
        return write(w.name, "select * from " + q(w.name) + " where " + q("_kiln_root_id") + " in (select " + q("_kiln_id")
                + " from (" + lastPerKey(q(root.name), rootKeys) + "))");
    }

    private static String lastPerKey(String src, List<String> keys) {
        return keys.isEmpty() ? "select * from " + src
                : "select * from " + src + " qualify row_number() over (partition by "
                + keys.stream().map(LocalStage::q).collect(Collectors.joining(", ")) + " order by rowid desc) = 1";
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
        writers.values().forEach(w -> {
            try {
                w.finish();
            } catch (RuntimeException ignored) {
                // going away
            }
        });
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

    private void execute(String sql) {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Staging rows locally failed: " + e.getMessage(), e);
        }
    }

    static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** Appends to one local table; reopens the appender around schema changes. */
    private final class Writer implements StageWriter {
        private final String name;
        private final Map<String, LoadType> columns = new LinkedHashMap<>();
        private final List<LoadType.Kind> kinds = new ArrayList<>();
        private DuckDBAppender appender;

        Writer(String name) {
            this.name = name;
        }

        @Override
        public void addColumn(String column, LoadType type) {
            finish();
            execute(columns.isEmpty() ? "create table " + q(name) + " (" + q(column) + " " + type.sql() + ")"
                    : "alter table " + q(name) + " add column " + q(column) + " " + type.sql());
            columns.put(column, type);
            kinds.add(type.kind());
        }

        @Override
        public void widenColumn(String column, LoadType type) {
            finish();
            execute("alter table " + q(name) + " alter column " + q(column) + " set data type " + type.sql());
            int i = new ArrayList<>(columns.keySet()).indexOf(column);
            columns.put(column, type);
            kinds.set(i, type.kind());
        }

        @Override
        public void append(Object[] row) {
            if (columns.isEmpty()) {
                return;
            }
            try {
                if (appender == null) {
                    appender = conn.createAppender("main", name);
                }
                appender.beginRow();
                for (int i = 0; i < kinds.size(); i++) {
                    Object v = i < row.length ? row[i] : null;
                    if (v == null) {
                        appender.appendNull();
                        continue;
                    }
                    switch (kinds.get(i)) {
                        case BOOLEAN -> appender.append((boolean) (Boolean) v);
                        case BIGINT -> appender.append(((Number) v).longValue());
                        case DOUBLE -> appender.append(((Number) v).doubleValue());
                        case DECIMAL -> appender.append(v instanceof BigDecimal b ? b : new BigDecimal(v.toString()));
                        case DATE -> appender.append((LocalDate) v);
                        case TIMESTAMP -> appender.append(v instanceof LocalDate d ? d.atStartOfDay() : (LocalDateTime) v);
                        case VARCHAR -> appender.append(v.toString());
                    }
                }
                appender.endRow();
            } catch (SQLException e) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Staging a row locally failed: " + e.getMessage(), e);
            }
        }

        void finish() {
            if (appender != null) {
                try {
                    appender.close();
                } catch (SQLException e) {
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, "Staging rows locally failed: " + e.getMessage(), e);
                } finally {
                    appender = null;
                }
            }
        }
    }
}
