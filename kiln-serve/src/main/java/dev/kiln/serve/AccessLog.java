package dev.kiln.serve;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per request on the logger {@code dev.kiln.serve.access}: time, method, path
 * and query, status, bytes, duration, data version and caller. Headers (so API keys) are
 * never written.
 */
final class AccessLog {

    static final Logger LOG = LoggerFactory.getLogger("dev.kiln.serve.access");

    private AccessLog() {
    }

    /** Writes a line to the SLF4J logger {@code dev.kiln.serve.access} at INFO. */
    static void toSlf4j(String line) {
        LOG.info(line);
    }

    static String line(ApiRequest request, ApiResponse response, long nanos, ReplicaVersion version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("method", request.method());
        m.put("path", request.target());
        m.put("status", response.status());
        m.put("bytes", response.body().length);
        m.put("ms", Math.round(nanos / 10_000.0) / 100.0);
        m.put("data_version", version == null ? null : version.number());
        m.put("remote", request.remote());
        return new String(Json.write(m, false), java.nio.charset.StandardCharsets.UTF_8);
    }
}
