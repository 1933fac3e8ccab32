package dev.kiln.internal.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.internal.report.IoErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code manifest.json} from an earlier run, read for {@code state:} selection and
 * {@code --defer}. Reads manifests written by Kiln and by dbt (the same fields). Only what
 * state comparison and deferral need is kept: per node its checksum, config, relation and parents.
 */
public final class PreviousManifest {

    /**
     * What the earlier manifest recorded about one node.
     *
     * @param uniqueId  the node's unique id
     * @param checksum  sha256 of its raw code (for seeds: of the CSV file)
     * @param config    its final config
     * @param relation  where it was materialized, or {@code null} (tests, ephemeral models)
     * @param dependsOn unique ids it depended on
     * @param macros    ids of the macros it called ({@code depends_on.macros})
     * @param columns   its declared columns: name → {@code data_type} ({@code ""} when none)
     */
    public record NodeState(String uniqueId, String checksum, Map<String, Object> config, RecordedRelation relation,
                            java.util.List<String> dependsOn, java.util.List<String> macros, Map<String, String> columns) {
    }

    /**
     * A node's relation as the manifest records it, in dbt's fields.
     *
     * @param database     {@code database}, or {@code null} for the connection's default
     * @param schema       {@code schema}
     * @param alias        {@code alias}: the table or view name
     * @param relationName {@code relation_name}, quoted as the manifest's writer quotes it
     */
    public record RecordedRelation(String database, String schema, String alias, String relationName) {

        /** The relation, to render in the current target's dialect. */
        public Relation toRelation() {
            return new Relation(database, schema, alias);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, NodeState> nodes;
    private final Map<String, String> macroSql;
    private final Map<String, Map<String, Object>> exposures;

    private PreviousManifest(Path file, Map<String, NodeState> nodes, Map<String, String> macroSql,
                             Map<String, Map<String, Object>> exposures) {
        this.file = file;
        this.nodes = nodes;
        this.macroSql = macroSql;
        this.exposures = exposures;
    }

    /**
     * Reads {@code dir/manifest.json}. Throws {@link KilnException} ({@link ErrorCode#USAGE})
     * if it is missing or is not a manifest, ({@link ErrorCode#IO}) if it cannot be read.
     */
    public static PreviousManifest read(Path dir) {
        Path file = dir.resolve("manifest.json");
        if (!Files.isRegularFile(file)) {
            throw notAManifest(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notAManifest(file, "expected a JSON object");
            }
            Map<String, NodeState> nodes = null;
            Map<String, String> macroSql = new LinkedHashMap<>();
            Map<String, Map<String, Object>> exposures = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("nodes".equals(field)) {
                    if (value != JsonToken.START_OBJECT) {
                        throw notAManifest(file, "'nodes' is not an object");
                    }
                    nodes = readNodes(p, file);
                } else if ("macros".equals(field) && value == JsonToken.START_OBJECT) {
                    readMacros(p, macroSql);
                } else if ("exposures".equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String id = p.currentName();
                        if (p.nextToken() == JsonToken.START_OBJECT) {
                            exposures.put(id, readMap(p));
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw notAManifest(file, "unexpected content after the top-level object");
            }
            if (nodes == null) {
                throw notAManifest(file, "no 'nodes' object");
            }
            return new PreviousManifest(file, Collections.unmodifiableMap(nodes), Collections.unmodifiableMap(macroSql),
                    Collections.unmodifiableMap(exposures));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw notAManifest(file, "invalid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    private static Map<String, NodeState> readNodes(JsonParser p, Path file) throws IOException {
        Map<String, NodeState> nodes = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notAManifest(file, "node '" + id + "' is not an object");
            }
            nodes.put(id, readNode(p, id));
        }
        return nodes;
    }

    private static NodeState readNode(JsonParser p, String id) throws IOException {
        String checksum = null;
        Map<String, Object> config = Map.of();
        String relationName = null;
        String database = null;
        String schema = null;
        String alias = null;
        String name = null;
        List<String> dependsOn = List.of();
        List<String> macros = List.of();
        Map<String, String> columns = Map.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "checksum" -> checksum = value == JsonToken.START_OBJECT ? stringField(p, "checksum") : text(p);
                case "config" -> config = value == JsonToken.START_OBJECT ? readMap(p) : skip(p, Map.of());
                case "relation_name" -> relationName = text(p);
                case "database" -> database = text(p);
                case "schema" -> schema = text(p);
                case "alias" -> alias = text(p);
                case "name" -> name = text(p);
                case "depends_on" -> {
                    Map<String, List<String>> both = value == JsonToken.START_OBJECT ? dependsOn(p) : skip(p, Map.of());
                    dependsOn = both.getOrDefault("nodes", List.of());
                    macros = both.getOrDefault("macros", List.of());
                }
                case "columns" -> columns = value == JsonToken.START_OBJECT ? columnTypes(readMap(p)) : skip(p, Map.of());
                default -> p.skipChildren();
            }
        }
        // a node without relation_name (a test, an ephemeral model) was not materialized
        String identifier = alias != null ? alias : name;
        RecordedRelation relation = relationName == null || schema == null || identifier == null ? null
                : new RecordedRelation(database, schema, identifier, relationName);
        return new NodeState(id, checksum, config, relation, dependsOn, macros, columns);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(JsonParser p) throws IOException {
        return Collections.unmodifiableMap(JSON.readValue(p, LinkedHashMap.class));
    }

    /** Reads the current object, returning its string field {@code name}. */
    private static String stringField(JsonParser p, String name) throws IOException {
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (name.equals(field)) {
                found = text(p);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** Reads {@code depends_on}: its {@code nodes} and {@code macros}. */
    private static Map<String, List<String>> dependsOn(JsonParser p) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (("nodes".equals(field) || "macros".equals(field)) && value == JsonToken.START_ARRAY) {
                List<String> read = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String s = text(p);
                    if (s != null) {
                        read.add(s);
                    }
                }
                out.put(field, List.copyOf(read));
            } else {
                p.skipChildren();
            }
        }
        return out;
    }

    /** {@code columns}: name → {@code data_type} ({@code ""} when none). */
    private static Map<String, String> columnTypes(Map<String, Object> columns) {
        Map<String, String> out = new LinkedHashMap<>();
        columns.forEach((name, c) -> {
            Object type = c instanceof Map<?, ?> m ? m.get("data_type") : null;
            out.put(name, type == null ? "" : String.valueOf(type));
        });
        return Collections.unmodifiableMap(out);
    }

    /** Reads {@code macros}: each macro's {@code macro_sql}, by id. */
    private static void readMacros(JsonParser p, Map<String, String> into) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            if (p.nextToken() == JsonToken.START_OBJECT) {
                String sql = stringField(p, "macro_sql");
                into.put(id, sql == null ? "" : sql);
            } else {
                p.skipChildren();
            }
        }
    }

    /** The current scalar as text, or {@code null} for JSON null or a structure (which is skipped). */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return t == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static <T> T skip(JsonParser p, T fallback) throws IOException {
        p.skipChildren();
        return fallback;
    }

    private static KilnException notAManifest(Path file, String what) {
        return new KilnException(ErrorCode.USAGE, file + ": not a Kiln/dbt manifest (" + what + ")");
    }

    /** The recorded state of a node, if the earlier manifest had it. */
    public Optional<NodeState> node(String uniqueId) {
        return Optional.ofNullable(nodes.get(uniqueId));
    }

    /** The {@code manifest.json} this was read from. */
    public Path file() {
        return file;
    }

    /** The definition ({@code macro_sql}) a macro had, if the earlier manifest recorded it. */
    public Optional<String> macroSql(String macroId) {
        return Optional.ofNullable(macroSql.get(macroId));
    }

    /** The manifest entry an exposure had, as plain JSON values, if the earlier manifest had it. */
    public Optional<Map<String, Object>> exposure(String uniqueId) {
        return Optional.ofNullable(exposures.get(uniqueId));
    }

    /** Every unique id in the earlier manifest. */
    public Set<String> uniqueIds() {
        return nodes.keySet();
    }
}
