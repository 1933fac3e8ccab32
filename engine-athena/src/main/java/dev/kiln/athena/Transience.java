package dev.kiln.athena;

import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Locale;

/**
 * Which failures of a node on Athena are transient, so that Kiln's in-run retries
 * ({@code retries} config) may run the node again: AWS throttling and server errors
 * ({@link Retrier#isTransient}, once its own retries are spent), network failures, the JDBC
 * driver's transient and recoverable errors, and queries Athena failed for capacity or a
 * concurrent Iceberg commit. A SQL error (syntax, a missing table, a type mismatch) is permanent.
 */
final class Transience {

    /** Failure reasons Athena reports for a query that a later run would likely get through. */
    private static final List<String> TRANSIENT_REASONS = List.of("throttlingexception", "toomanyrequestsexception",
            "rate exceeded", "slowdown", "reduce your request rate", "iceberg_commit_error",
            "query exhausted resources", "internal_error_query_engine", "service unavailable",
            "connection reset", "too many queued queries");

    private Transience() {
    }

    /** Whether {@code failure}, or one of its causes, is transient. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SdkException sdk && Retrier.isTransient(sdk)) {
                return true;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (TRANSIENT_REASONS.stream().anyMatch(m::contains)) {
                return true;
            }
        }
        return false;
    }
}
