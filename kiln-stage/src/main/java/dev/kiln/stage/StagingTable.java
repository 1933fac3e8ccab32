package dev.kiln.stage;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link StageWriter} onto one DuckDB table: the table is created with the first column,
 * altered as columns are added or widened, and rows go in through DuckDB's appender (which
 * DuckDB spills to its database file as they grow: the JVM's heap holds a few thousand rows at
 * most). The appender is closed around every schema change and by {@link #finish()}, after which
 * the table holds every row appended so far.
 *
 * <p>Both the DuckDB load sink (staging tables in the target database, inside the load's
 * transaction) and the Athena load sink (a DuckDB file in the temporary folder, written out as
 * Parquet) stage through this class. The DuckDB load sink also writes {@code append} and
 * {@code replace} loads straight into the source's table through it ({@link #into}): that table
 * may already hold columns, in its own order, which this load does not name (they get nulls).
 * Not thread-safe: one loader thread writes one table.
 */
public final class StagingTable implements StageWriter {

    private final DuckDBConnection conn;
    private final String schema;
    private final String name;
    private final String what;
    /** The columns the table had before this load wrote to it (empty: it is created on the first column). */
    private final Map<String, LoadType> existing;
    private final Map<String, LoadType> columns = new LinkedHashMap<>();
    private final List<LoadType.Kind> kinds = new ArrayList<>();
    /** The table's columns in its own order (an existing table may hold columns this load does not name). */
    private final List<String> tableOrder = new ArrayList<>();
    private DuckDBAppender appender;
    /** For the appender: the staged column at each of the table's positions ({@code -1}: none, null). */
    private int[] atPosition;
    private long rows;

    /**
     * @param conn   the DuckDB connection to write through (its transaction, if one is open)
     * @param schema the table's schema ({@code main} for the default one)
     * @param name   the table's name; created (or replaced) when the first column is added
     * @param what   what is being loaded, for error messages ({@code app.orders})
     */
    public StagingTable(DuckDBConnection conn, String schema, String name, String what) {
        this(conn, schema, name, what, Map.of());
    }

    private StagingTable(DuckDBConnection conn, String schema, String name, String what, Map<String, LoadType> existing) {
        this.conn = conn;
        this.schema = schema;
        this.name = name;
        this.what = what;
        this.existing = Map.copyOf(existing);
        tableOrder.addAll(existing.keySet());
    }

    /**
     * A writer onto a table that may exist already: with {@code existing} columns (in the table's
     * order; their types exactly as the appender is given them, e.g. {@code BIGINT}, not
     * {@code INTEGER}) rows are appended to it, columns added or retyped as the load brings them;
     * with none, the table is created (or replaced) on the first column.
     */
    public static StagingTable into(DuckDBConnection conn, String schema, String name, String what,
                                    Map<String, LoadType> existing) {
        return new StagingTable(conn, schema, name, what, existing);
    }

    /** The table's name. */
    public String name() {
        return name;
    }

    /** The table, quoted: {@code "schema"."name"}. */
    public String relation() {
        return quote(schema) + "." + quote(name);
    }

    /** The staged columns and their types, in order (a read-only view). */
    public Map<String, LoadType> columns() {
        return Collections.unmodifiableMap(columns);
    }

    /** The staged column names, in order. */
    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** Whether any column was added (a table without columns was never created). */
    public boolean hasColumns() {
        return !columns.isEmpty();
    }

    /** How many rows were appended. */
    public long rows() {
        return rows;
    }

    @Override
    public void addColumn(String column, LoadType type) {
        finish();
        LoadType had = existing.get(column);
        if (had == null) {
            execute(columns.isEmpty() && existing.isEmpty()
                    ? "create or replace table " + relation() + " (" + quote(column) + " " + type.sql() + ")"
                    : "alter table " + relation() + " add column " + quote(column) + " " + type.sql());
            tableOrder.add(column);
        } else if (!had.equals(type)) {
            execute("alter table " + relation() + " alter column " + quote(column) + " set data type " + type.sql());
        }
        columns.put(column, type);
        kinds.add(type.kind());
    }

    @Override
    public void widenColumn(String column, LoadType type) {
        finish();
        execute("alter table " + relation() + " alter column " + quote(column) + " set data type " + type.sql());
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
                appender = conn.createAppender(schema, name);
                List<String> staged = new ArrayList<>(columns.keySet());
                atPosition = tableOrder.stream().mapToInt(staged::indexOf).toArray();
            }
            rows++;
            appender.beginRow();
            for (int i : atPosition) {
                Object v = i >= 0 && i < row.length ? row[i] : null;
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
            throw failure("staging a row of " + what, e);
        }
    }

    /** Flushes the appender: the table now holds every row appended. */
    public void finish() {
        if (appender != null) {
            try {
                appender.close();
            } catch (SQLException e) {
                throw failure("staging rows of " + what, e);
            } finally {
                appender = null;
            }
        }
    }

    /** Drops the appender without caring whether its rows arrive (its transaction is rolled back, or the table dropped). */
    public void abandon() {
        if (appender != null) {
            try {
                appender.close();
            } catch (SQLException ignored) {
                // rolled back or dropped anyway
            } finally {
                appender = null;
            }
        }
    }

    /**
     * {@code select * from relation}, keeping only the last row (in staging order) of each value of
     * {@code keys} when there are keys: a merge's last duplicate wins.
     */
    public static String lastPerKey(String relation, List<String> keys) {
        return keys.isEmpty() ? "select * from " + relation
                : "select * from " + relation + " qualify row_number() over (partition by "
                + keys.stream().map(StagingTable::quote).collect(Collectors.joining(", ")) + " order by rowid desc) = 1";
    }

    /** A DuckDB identifier, quoted. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private void execute(String sql) {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw failure("staging rows of " + what, e);
        }
    }

    private static KilnException failure(String doing, SQLException e) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, "DuckDB failed " + doing + ": " + e.getMessage(), e);
    }
}
