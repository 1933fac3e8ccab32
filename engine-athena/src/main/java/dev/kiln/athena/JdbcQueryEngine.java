package dev.kiln.athena;

import dev.kiln.spi.QueryResult;
import dev.kiln.trinosql.JdbcStatements;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Runs statements through a JDBC connection: the official Athena JDBC driver when the user puts
 * it on the class path (see {@link ExecutionPath}). The driver polls, pages and retries on its
 * own; {@link #cancel()} is {@link java.sql.Statement#cancel()}, which the driver turns into
 * {@code StopQueryExecution}. The statements run through the {@link JdbcStatements} runner the Trino
 * adapter uses too. The driver does not expose query ids or scanned bytes through
 * plain JDBC, so {@link #lastStats()} is {@link QueryStats#UNKNOWN}.
 */
public final class JdbcQueryEngine implements QueryEngine {

    /** Opens a connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        /** A new connection. */
        Connection open() throws SQLException;
    }

    private final JdbcStatements statements;

    /** @param source opens the session's connection (once, on first use) */
    public JdbcQueryEngine(ConnectionSource source) {
        this.statements = new JdbcStatements(source::open);
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
        return statements.execute(sql);
    }

    @Override
    public QueryResult query(String sql, int maxRows) {
        return statements.query(sql, maxRows);
    }

    @Override
    public QueryStats lastStats() {
        return QueryStats.UNKNOWN;
    }

    /** Cancels the running statement (the driver sends {@code StopQueryExecution}); later statements are refused. */
    @Override
    public void cancel() {
        statements.cancel();
    }

    @Override
    public void close() {
        statements.close();
    }
}
