package dev.kiln.athena;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Athena reported about one query.
 *
 * @param queryId            the query execution id ({@code null} when the path does not tell, e.g. JDBC)
 * @param dataScannedBytes   bytes scanned (what Athena bills), or -1 when unknown
 * @param engineExecutionMs  engine execution time in milliseconds, or -1 when unknown
 */
public record QueryStats(String queryId, long dataScannedBytes, long engineExecutionMs) {

    /** Stats of a query the path reports nothing about. */
    public static final QueryStats UNKNOWN = new QueryStats(null, -1, -1);

    /** The stats as run-result fields ({@code query_id}, {@code data_scanned_bytes}, {@code engine_execution_time_ms}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (queryId != null) {
            m.put("query_id", queryId);
        }
        if (dataScannedBytes >= 0) {
            m.put("data_scanned_bytes", dataScannedBytes);
        }
        if (engineExecutionMs >= 0) {
            m.put("engine_execution_time_ms", engineExecutionMs);
        }
        return m;
    }
}
