package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The columns of a Glue table input as {@code name type}, for assertions. */
final class GlueColumns {

    private GlueColumns() {
    }

    static List<String> of(JsonNode table) {
        List<String> out = new ArrayList<>();
        table.get("StorageDescriptor").get("Columns").forEach(c -> out.add(c.get("Name").asText() + " " + c.get("Type").asText()));
        return out;
    }
}
