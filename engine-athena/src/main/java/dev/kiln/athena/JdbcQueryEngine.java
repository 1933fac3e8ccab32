package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.QueryResult;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Runs statements through a JDBC connection: the official Athena JDBC driver when the user puts
 * it on the class path (see {@link ExecutionPath}). The driver polls, pages and retries on its
 * own; {@link #cancel()} is {@link Statement#cancel()}, which the driver turns into
 * {@code StopQueryExecution}. The driver does not expose query ids or scanned bytes through
 * plain JDBC, so {@link #lastStats()} is {@link QueryStats#UNKNOWN}.
 */
public final class JdbcQueryEngine implements QueryEngine {

    /** Opens a connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection. */
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private Connection connection;
    private volatile Statement current;
    private volatile boolean cancelled;

    /** @param source opens the session's connection (once, on first use) */
    public JdbcQueryEngine(ConnectionSource source) {
        this.source = source;
    }

    /** A source of connections to the official driver: URL {@code jdbc:athena://} with the target's settings as properties. */
    public static ConnectionSource athenaDriver(AthenaSettings s) {
        return () -> DriverManager.getConnection("jdbc:athena://", driverProperties(s));
    }

    /** The connection properties of the Athena JDBC 3.x driver for a target. */
    public static Properties driverProperties(AthenaSettings s) {
        Properties p = new Properties();
        p.setProperty("Region", s.region());
        p.setProperty("WorkGroup", s.workGroup());
        p.setProperty("Catalog", s.catalog());
        p.setProperty("Database", s.schema());
        if (s.stagingDir() != null) {
            p.setProperty("OutputLocation", s.stagingDir().toString());
        }
        if (s.profile() != null) {
            p.setProperty("CredentialsProvider", "ProfileCredentials");
            p.setProperty("ProfileName", s.profile());
        } else {
            p.setProperty("CredentialsProvider", "DefaultChain");
        }
        return p;
    }

    @Override
    public long execute(String sql) {
        try (Statement st = statement()) {
            boolean hasResult = st.execute(sql);
            return hasResult ? -1 : st.getUpdateCount();
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            current = null;
        }
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        try (Statement st = statement(); ResultSet rs = st.executeQuery(sql)) {
            return QueryResult.read(rs, maxRows);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            current = null;
        }
    }

    @Override
    public QueryStats lastStats() {
        return QueryStats.UNKNOWN;
    }

    @Override
    public void cancel() {
        cancelled = true;
        Statement st = current;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException ignored) {
                // the statement may have finished meanwhile
            }
        }
    }

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
            throw new SQLException("The session was cancelled; no further statements run.");
        }
        if (connection == null) {
            connection = source.open();
        }
        Statement st = connection.createStatement();
        current = st;
        return st;
    }

    private KilnException failure(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return new KilnException(cancelled ? ErrorCode.CANCELLED : ErrorCode.EXECUTION_FAILED, message, e);
    }
}
