package dev.kiln.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A load's state, as JSON in the target's state table: the largest cursor value loaded and the
 * files loaded. Committed in the same transaction as the rows.
 *
 * @param cursor the largest cursor value loaded, as text, or {@code null}
 * @param files  files already loaded (absolute paths), for {@code from: files}
 */
record LoadState(String cursor, Set<String> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Nothing loaded yet. */
    static final LoadState EMPTY = new LoadState(null, Set.of());

    static LoadState parse(String json) {
        if (json == null || json.isBlank()) {
            return EMPTY;
        }
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(json);
            Set<String> files = new LinkedHashSet<>();
            if (n.get("files") instanceof ArrayNode a) {
                a.forEach(f -> files.add(f.asText()));
            }
            return new LoadState(n.hasNonNull("cursor") ? n.get("cursor").asText() : null, files);
        } catch (Exception e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "The stored load state is unreadable (" + e.getMessage()
                    + "). Run 'kiln load --full-refresh' for this table.", e);
        }
    }

    String json() {
        ObjectNode n = JSON.createObjectNode();
        if (cursor != null) {
            n.put("cursor", cursor);
        }
        if (!files.isEmpty()) {
            ArrayNode a = n.putArray("files");
            files.forEach(a::add);
        }
        return n.toString();
    }
}
