package dev.kiln.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;

/**
 * Which failures on Trino are transient, so that Kiln's in-run retries ({@code retries} config)
 * may run the node again: the coordinator unreachable or restarting, workers lost, the cluster
 * out of memory or its queue full, and a concurrent Iceberg commit. The driver reports Trino's
 * error code as the {@link SQLException#getErrorCode()}; a user error (syntax, a missing table,
 * a type mismatch, division by zero) is permanent.
 */
final class Transience {

    /** Trino's transient error codes by name (io.trino.spi.StandardErrorCode, IcebergErrorCode). */
    static final Map<String, Integer> TRANSIENT_CODES = Map.ofEntries(
            Map.entry("TOO_MANY_REQUESTS_FAILED", 65537),
            Map.entry("PAGE_TRANSPORT_ERROR", 65539),
            Map.entry("PAGE_TRANSPORT_TIMEOUT", 65540),
            Map.entry("NO_NODES_AVAILABLE", 65541),
            Map.entry("REMOTE_TASK_ERROR", 65542),
            Map.entry("SERVER_SHUTTING_DOWN", 65545),
            Map.entry("SERVER_STARTING_UP", 65548),
            Map.entry("REMOTE_HOST_GONE", 65558),
            Map.entry("GENERIC_INSUFFICIENT_RESOURCES", 131072),
            Map.entry("EXCEEDED_GLOBAL_MEMORY_LIMIT", 131073),
            Map.entry("QUERY_QUEUE_FULL", 131074),
            Map.entry("CLUSTER_OUT_OF_MEMORY", 131076),
            Map.entry("ICEBERG_COMMIT_ERROR", 84148236));

    private Transience() {
    }

    /** Whether {@code failure}, or one of its causes, is transient. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException
                    || t instanceof UncheckedIOException) {
                return true;
            }
            if (t instanceof SQLException e && e.getErrorCode() != 0 && TRANSIENT_CODES.containsValue(e.getErrorCode())) {
                return true;
            }
        }
        return false;
    }
}
