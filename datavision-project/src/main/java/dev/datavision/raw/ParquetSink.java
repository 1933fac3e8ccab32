package dev.datavision.raw;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loads rows into an in-memory DuckDB through appenders and copies each table to Parquet (zstd) in
 * parts: once a table holds {@code partRows} rows it is written to {@code <table>/part-NNNNN.parquet}
 * and emptied, so memory stays bounded whatever the scale. Not thread-safe: one writer thread.
 */
final class ParquetSink implements AutoCloseable {

    /**
     * Rows per Parquet row group in the parts of a table sorted by time: smaller than DuckDB's default (122,880),
     * so a filter on the last days of the history reads a small share of each part.
     */
    static final int SORTED_ROW_GROUP_ROWS = 32_768;

    private final DuckDBConnection connection;
    private final Path rawDir;
    private final Path truthDir;
    private final long partRows;
    private final GenerationListener listener;
    private final Map<Table, TableWriter> writers = new EnumMap<>(Table.class);
    private final Map<Table, Long> finished = new EnumMap<>(Table.class);

    ParquetSink(Path rawDir, Path truthDir, Path spillDir, long partRows, GenerationListener listener)
            throws SQLException {
        this.rawDir = rawDir;
        this.truthDir = truthDir;
        this.partRows = partRows;
        this.listener = listener;
        this.connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            s.execute("SET preserve_insertion_order = true");
            s.execute("SET temp_directory = " + literal(spillDir.toString()));
        }
    }

    void append(Row row, Row.IdBase ids) throws SQLException {
        TableWriter writer = writer(row.table());
        DuckDBAppender appender = writer.appender;
        appender.beginRow();
        row.appendTo(appender, ids);
        appender.endRow();
        if (++writer.buffered >= partRows) {
            writer.flush();
        }
    }

    /** Writes what is left of the table (an empty part if it never had rows) and drops it. */
    long finish(Table table) throws SQLException {
        TableWriter writer = writer(table);
        if (writer.buffered > 0 || writer.parts == 0) {
            writer.flush();
        }
        writer.close();
        writers.remove(table);
        finished.put(table, writer.total);
        listener.tableFinished(table.tableName, writer.total);
        return writer.total;
    }

    /** Rows written per finished table of a layer, in table order. */
    Map<String, Long> rows(Table.Layer layer) {
        Map<String, Long> rows = new LinkedHashMap<>();
        finished.forEach((table, count) -> {
            if (table.layer == layer) {
                rows.put(table.tableName, count);
            }
        });
        return rows;
    }

    private TableWriter writer(Table table) throws SQLException {
        TableWriter writer = writers.get(table);
        if (writer == null) {
            if (finished.containsKey(table)) {
                throw new IllegalStateException("table already finished: " + table.tableName);
            }
            writer = new TableWriter(table);
            writers.put(table, writer);
        }
        return writer;
    }

    @Override
    public void close() throws SQLException {
        try {
            for (TableWriter writer : writers.values()) {
                writer.appender.close();
            }
        } finally {
            connection.close();
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private final class TableWriter {
        final Table table;
        final Path dir;
        DuckDBAppender appender;
        long buffered;
        long total;
        int parts;

        TableWriter(Table table) throws SQLException {
            this.table = table;
            this.dir = (table.layer == Table.Layer.RAW ? rawDir : truthDir).resolve(table.tableName);
            create();
        }

        private void create() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE " + table.tableName + " (" + table.columns + ")");
            }
            appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table.tableName);
        }

        void flush() throws SQLException {
            appender.close();
            Path file = dir.resolve(String.format(Locale.ROOT, "part-%05d.parquet", parts));
            try {
                java.nio.file.Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new SQLException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            try (Statement s = connection.createStatement()) {
                s.execute("COPY " + source() + " TO " + literal(file.toString())
                        + " (FORMAT parquet, COMPRESSION zstd"
                        + (table.sortedBy == null ? "" : ", ROW_GROUP_SIZE " + SORTED_ROW_GROUP_ROWS) + ")");
                s.execute("DROP TABLE " + table.tableName);
            }
            long rows = buffered;
            total += buffered;
            buffered = 0;
            parts++;
            create();
            listener.partWritten(table.tableName, parts - 1, rows, file);
        }

        /**
         * What a part is copied from: the table in arrival (user) order, or, for a table {@link Table#sortedBy sorted
         * by time}, its rows ordered by that column and then by every column, a total order, so the file stays
         * byte-identical between runs.
         */
        private String source() {
            if (table.sortedBy == null) {
                return table.tableName;
            }
            StringBuilder order = new StringBuilder(table.sortedBy);
            for (int i = 1; i <= table.columnCount(); i++) {
                order.append(", ").append(i);
            }
            return "(SELECT * FROM " + table.tableName + " ORDER BY " + order + ")";
        }

        void close() throws SQLException {
            appender.close();
            try (Statement s = connection.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table.tableName);
            }
        }
    }
}
