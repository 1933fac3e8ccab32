package dev.kiln.trinosql;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RowHandler;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs one session's statements over one JDBC connection, opened on first use: the Trino driver
 * for the Trino adapter, the official Athena driver for the Athena adapter's JDBC path. Every
 * failure is a {@link KilnException} with the driver's message ({@link ErrorCode#EXECUTION_FAILED},
 * or {@link ErrorCode#CANCELLED} once {@link #cancel()} was called). {@link #cancel()} may be
 * called from another thread: it cancels the running statement (the drivers stop the query on the
 * server) and refuses every later one, so a cancelled build stops at once.
 */
public final class JdbcStatements implements AutoCloseable {

    /** Opens the connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection. */
        Connection open() throws SQLException;
    }

    /** Called with every statement before it runs (e.g. to attach a driver's progress monitor). */
    @FunctionalInterface
    public interface StatementHook {
        /** Prepares {@code statement}. */
        void prepare(Statement statement) throws SQLException;
    }

    private static final String CANCELLED = "The session was cancelled; no further statements run.";

    private final ConnectionSource source;
    private final StatementHook hook;
    private Connection connection;
    private volatile Statement current;
    private volatile boolean cancelled;

    /**
     * @param source opens the session's connection (once, on first use)
     * @param hook   prepares each statement before it runs
     */
    public JdbcStatements(ConnectionSource source, StatementHook hook) {
        this.source = source;
        this.hook = hook;
    }

    /** @param source opens the session's connection (once, on first use) */
    public JdbcStatements(ConnectionSource source) {
        this(source, st -> { });
    }

    /**
     * Runs a statement; returns the rows it wrote, or -1 when the driver does not say (a statement
     * that returns rows, e.g. a procedure call, is read to its end first: it finishes when read).
     */
    public long execute(String sql) {
        try (Statement st = statement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        // drain
                    }
                }
                return -1;
            }
            return updateCount(st);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            current = null;
        }
    }

    /** Runs a query; returns at most {@code maxRows} rows. */
    public QueryResult query(String sql, int maxRows) {
        try (Statement st = statement(); ResultSet rs = st.executeQuery(sql)) {
            return QueryResult.read(rs, maxRows);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            current = null;
        }
    }

    /** Runs a query and hands its rows, one by one, to {@code handler}. */
    public void stream(String sql, RowHandler handler) {
        try (Statement st = statement(); ResultSet rs = st.executeQuery(sql)) {
            QueryResult.stream(rs, handler);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            current = null;
        }
    }

    /**
     * Cancels the running statement, if any (again while it runs on: {@link dev.kiln.spi.StatementCancel}), and
     * refuses later ones; may be called from another thread.
     */
    public void cancel() {
        cancelled = true;
        dev.kiln.spi.StatementCancel.cancel(current, () -> current);
    }

    /** Closes the connection, if one was opened. */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing: nothing left to do
            }
            connection = null;
        }
    }

    private synchronized Statement statement() throws SQLException {
        if (cancelled) {
            throw new SQLException(CANCELLED);
        }
        if (connection == null) {
            connection = source.open();
        }
        Statement st = connection.createStatement();
        try {
            hook.prepare(st);
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
        current = st;
        if (cancelled) { // cancel() may have looked for the running statement just before it was set
            current = null;
            st.close();
            throw new SQLException(CANCELLED);
        }
        return st;
    }

    private static long updateCount(Statement st) throws SQLException {
        try {
            return st.getLargeUpdateCount();
        } catch (UnsupportedOperationException | java.sql.SQLFeatureNotSupportedException e) {
            return st.getUpdateCount(); // drivers without the JDBC 4.2 method
        }
    }

    private KilnException failure(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return new KilnException(cancelled ? ErrorCode.CANCELLED : ErrorCode.EXECUTION_FAILED, message, e);
    }
}
