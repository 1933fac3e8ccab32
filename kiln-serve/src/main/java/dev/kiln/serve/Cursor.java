package dev.kiln.serve;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the next page starts: the last row's key, opaque to callers (base64url of a small
 * JSON document).
 *
 * @param endpoint the endpoint it belongs to (its path template)
 * @param version  the replica version, when the key is a row position in it (0 otherwise)
 * @param key      the last key returned, as text
 */
record Cursor(String endpoint, long version, String key) {

    /** The opaque form. */
    String encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("e", endpoint);
        m.put("v", version);
        m.put("k", key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(m, false));
    }

    /**
     * Reads the opaque form.
     *
     * @throws IllegalArgumentException when it is not a cursor of {@code endpoint}
     */
    static Cursor decode(String text, String endpoint) {
        try {
            JsonNode n = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8));
            Cursor c = new Cursor(n.path("e").asText(), n.path("v").asLong(), n.path("k").asText(null));
            if (!c.endpoint.equals(endpoint) || c.key == null) {
                throw new IllegalArgumentException("not a cursor of this endpoint");
            }
            return c;
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a cursor of this endpoint", e);
        }
    }
}
