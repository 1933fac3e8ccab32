package dev.kiln.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.CompiledNode;
import dev.kiln.ResourceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node as {@code dbt ls --output json} shows it: {@code name}, {@code resource_type},
 * {@code package_name}, {@code original_file_path}, {@code unique_id}, {@code alias},
 * {@code config} (with {@code materialized} always set), {@code tags} and {@code depends_on}.
 */
final class NodeJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NodeJson() {
    }

    /** The JSON fields of {@code node}, in dbt's order. */
    static Map<String, Object> fields(CompiledNode node, String packageName) {
        Map<String, Object> config = new LinkedHashMap<>(node.config().values());
        config.put("materialized", materialized(node));
        config.put("tags", node.config().tags());
        List<String> parents = new ArrayList<>(node.dependsOn());
        node.sources().stream().filter(s -> !parents.contains(s)).forEach(parents::add);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", node.name());
        json.put("resource_type", node.resourceType().dbtName());
        json.put("package_name", packageName);
        json.put("original_file_path", LsCommand.path(node));
        json.put("unique_id", node.uniqueId());
        json.put("alias", node.relation() != null ? node.relation().identifier() : node.name());
        json.put("config", config);
        json.put("tags", node.config().tags());
        json.put("depends_on", Map.of("macros", List.of(), "nodes", parents));
        return json;
    }

    /** One line of JSON holding the {@code keys} of {@link #fields} (all when empty). */
    static String line(CompiledNode node, String packageName, List<String> keys) {
        Map<String, Object> all = fields(node, packageName);
        Map<String, Object> shown = all;
        if (!keys.isEmpty()) {
            shown = new LinkedHashMap<>();
            for (String k : keys) {
                if (all.containsKey(k)) {
                    shown.put(k, all.get(k));
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(shown);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + node.uniqueId() + " as JSON", e);
        }
    }

    private static String materialized(CompiledNode node) {
        if (node.resourceType() == ResourceType.MODEL) {
            return node.config().materialized();
        }
        return node.config().string("materialized").orElse(node.resourceType().dbtName());
    }
}
