package dev.kiln.athena;

import dev.kiln.spi.QueryResult;

/**
 * Runs statements on Athena for one session: through the Athena API ({@link ApiQueryEngine}) or
 * the official JDBC driver ({@link JdbcQueryEngine}). Failures are
 * {@link dev.kiln.KilnException}s with {@link dev.kiln.ErrorCode#EXECUTION_FAILED} and Athena's
 * reason, or {@link dev.kiln.ErrorCode#CANCELLED} after {@link #cancel()}.
 */
public interface QueryEngine extends AutoCloseable {

    /** Runs a statement; returns the rows it wrote (CTAS, INSERT, MERGE …) or -1 when unknown. */
    long execute(String sql);

    /** Runs a query; returns at most {@code maxRows} rows. */
    QueryResult query(String sql, int maxRows);

    /** What was reported about the last statement. */
    QueryStats lastStats();

    /** Stops the running statement, if any; may be called from another thread. */
    void cancel();

    /** Releases the engine's resources. */
    @Override
    void close();
}
