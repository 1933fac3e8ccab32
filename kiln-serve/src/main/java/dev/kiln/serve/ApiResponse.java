package dev.kiln.serve;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API answers: a status, headers and the body's bytes (already compressed when the
 * {@code Content-Encoding} header says so).
 *
 * @param status  the HTTP status
 * @param headers response headers
 * @param body    the body, empty for 204 and 304
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    /** Copies the headers (keeping their order). */
    public ApiResponse {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A JSON response. */
    public static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), body);
    }

    /** An error as JSON: {@code {"error": {"status": 400, "message": "…"}}}. */
    public static ApiResponse error(int status, String message) {
        return json(status, Json.error(status, message));
    }

    /** A copy with one more header. */
    public ApiResponse with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, h, body);
    }

    /** A copy with another body and headers. */
    public ApiResponse withBody(byte[] newBody, Map<String, String> newHeaders) {
        return new ApiResponse(status, newHeaders, newBody);
    }

    /** The body as text (for tests and logs). */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
