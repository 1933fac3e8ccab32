package dev.kiln.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3 document of the served API ({@code GET /openapi.json}), built from the YAML
 * descriptions and the replica's column types: every endpoint, its parameters and its
 * response schema. Built once per data version (the column types come from the data).
 */
final class OpenApi {

    private final List<EndpointHandler> endpoints;
    private final String title;
    private final String version;
    private volatile Built built;

    private record Built(long number, byte[] json) {
    }

    OpenApi(List<EndpointHandler> endpoints, String title, String version) {
        this.endpoints = List.copyOf(endpoints);
        this.title = title;
        this.version = version;
    }

    byte[] document(ReplicaVersion v) {
        Built b = built;
        if (b == null || b.number != v.number()) {
            b = new Built(v.number(), Json.write(tree(v), true));
            built = b;
        }
        return b.json;
    }

    Map<String, Object> tree(ReplicaVersion v) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", title);
        info.put("version", version);
        Set<String> descriptions = new LinkedHashSet<>();
        endpoints.forEach(e -> {
            String d = e.spec().exposure().description();
            if (d != null && !d.isBlank()) {
                descriptions.add(d.trim());
            }
        });
        info.put("description", descriptions.isEmpty() ? "Read-only API served by kiln serve."
                : String.join("\n\n", descriptions));
        doc.put("info", info);
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("Error", Map.of("type", "object", "properties", Map.of("error", Map.of("type", "object",
                "properties", Map.of("status", Map.of("type", "integer"), "message", Map.of("type", "string"))))));
        boolean secured = false;
        for (EndpointHandler e : endpoints) {
            ReplicaTable table = v.table(e.model().name());
            schemas.putIfAbsent(schemaName(e.model().name()), modelSchema(e, table));
            paths.put(e.endpoint().path().toString(), Map.of("get", operation(e, table)));
            secured |= e.spec().secured();
        }
        paths.put("/health", Map.of("get", Map.of("summary", "Whether the API is up, and which data it serves",
                "operationId", "health", "tags", List.of("kiln"), "responses", Map.of(
                        "200", Map.of("description", "Serving", "content", Map.of("application/json",
                                Map.of("schema", Map.of("type", "object")))),
                        "503", Map.of("description", "The data is still loading")))));
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        if (secured) {
            components.put("securitySchemes", Map.of(
                    "bearer", Map.of("type", "http", "scheme", "bearer"),
                    "apiKey", Map.of("type", "apiKey", "in", "header", "name", "X-API-Key")));
        }
        doc.put("components", components);
        return doc;
    }

    private static String schemaName(String model) {
        return model;
    }

    private static Map<String, Object> modelSchema(EndpointHandler e, ReplicaTable table) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> names = e.endpoint().columns().isEmpty() ? table.columnNames() : e.endpoint().columns();
        for (String n : names) {
            ReplicaColumn c = table.column(n).orElseThrow();
            Map<String, Object> s = new LinkedHashMap<>(c.kind().schema(c.type()));
            String d = e.model().columnDescriptions().get(c.name());
            if (d != null && !d.isBlank()) {
                s.put("description", d.trim() + (s.containsKey("description") ? " (" + s.get("description") + ")" : ""));
            }
            s.put("nullable", true);
            props.put(c.name(), s);
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        if (!e.model().description().isBlank()) {
            schema.put("description", e.model().description().trim());
        }
        schema.put("properties", props);
        return schema;
    }

    private static Map<String, Object> operation(EndpointHandler e, ReplicaTable table) {
        ServeSpec.Endpoint ep = e.endpoint();
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", ep.description().isBlank() ? (e.single() ? "One row of " : "Rows of ") + e.model().name()
                : firstSentence(ep.description()));
        op.put("description", (ep.description().isBlank() ? "" : ep.description() + "\n\n")
                + (e.single() ? "Returns one " + e.model().name() + " row as an object, or 404."
                : "Returns {data: [rows], next: cursor or null}, at most " + ep.pageSize()
                + " rows a page, in a stable order; pass 'next' as 'cursor' for the next page.")
                + (ep.filter().isEmpty() ? "" : " Only rows where " + ep.filter() + "."));
        op.put("operationId", operationId(ep));
        op.put("tags", List.of(e.spec().exposure().name()));
        List<Object> params = new ArrayList<>();
        for (String p : ep.path().parameters()) {
            params.add(parameter(p, "path", true, table.column(p).orElseThrow(), e.model()));
        }
        for (ReplicaColumn c : table.columns()) {
            if (c.kind().filterable() && !ep.path().parameters().contains(c.name()) && !ep.filter().containsKey(c.name())) {
                params.add(parameter(c.name(), "query", false, c, e.model()));
            }
        }
        if (!e.single()) {
            params.add(Map.of("name", EndpointHandler.LIMIT, "in", "query", "required", false, "description",
                    "Rows per page (at most " + ep.pageSize() + ")", "schema",
                    Map.of("type", "integer", "minimum", 1, "maximum", ep.pageSize(), "default", ep.pageSize())));
            params.add(Map.of("name", EndpointHandler.CURSOR, "in", "query", "required", false, "description",
                    "The 'next' value of the previous page", "schema", Map.of("type", "string")));
        }
        op.put("parameters", params);
        Map<String, Object> ref = Map.of("$ref", "#/components/schemas/" + schemaName(e.model().name()));
        Object ok = e.single() ? ref : Map.of("type", "object", "properties", Map.of(
                "data", Map.of("type", "array", "items", ref),
                "next", Map.of("type", "string", "nullable", true, "description", "Cursor of the next page, or null")));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", Map.of("description", "OK", "headers", Map.of("ETag", Map.of("schema",
                Map.of("type", "string"), "description", "Changes when the data is rebuilt")),
                "content", Map.of("application/json", Map.of("schema", ok))));
        responses.put("304", Map.of("description", "Not modified since the ETag in If-None-Match"));
        responses.put("400", error("A parameter is unknown or not of its column's type"));
        if (e.spec().secured()) {
            responses.put("401", error("No API key"));
            responses.put("403", error("The API key is not valid"));
        }
        if (e.single()) {
            responses.put("404", error("No such row"));
        } else if (e.model().singleKey() == null) {
            responses.put("410", error("The cursor is from data that was rebuilt since"));
        }
        op.put("responses", responses);
        if (e.spec().secured()) {
            op.put("security", List.of(Map.of("bearer", List.of()), Map.of("apiKey", List.of())));
        }
        return op;
    }

    private static Map<String, Object> error(String description) {
        return Map.of("description", description, "content", Map.of("application/json",
                Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
    }

    private static Map<String, Object> parameter(String name, String in, boolean required, ReplicaColumn c,
                                                 ServedModel model) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("in", in);
        p.put("required", required);
        String d = model.columnDescriptions().get(c.name());
        p.put("description", (d == null || d.isBlank() ? c.name() : d.trim()) + (in.equals("query") ? " (equals)" : ""));
        p.put("schema", c.kind().schema(c.type()));
        return p;
    }

    private static String operationId(ServeSpec.Endpoint ep) {
        StringBuilder sb = new StringBuilder("get");
        for (String s : ep.path().segments()) {
            String w = s.replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_");
            for (String part : w.split("_")) {
                if (!part.isEmpty()) {
                    sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
            }
        }
        return sb.toString();
    }

    private static String firstSentence(String text) {
        String t = text.trim();
        int dot = t.indexOf(". ");
        return dot < 0 ? t : t.substring(0, dot + 1);
    }
}
