package dev.kiln.docs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.Relation;
import dev.kiln.SourceTable;
import dev.kiln.spi.CatalogEntry;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.RelationKind;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * dbt's {@code catalog.json} (schema {@value #SCHEMA}): for every model, seed, snapshot and
 * source whose relation exists in the warehouse, its columns with their types and the statistics
 * the warehouse keeps, read through the adapter ({@link Kiln#catalog}). Written by
 * {@code kiln catalog} and {@code kiln docs generate}; the docs site shows the same data.
 *
 * @param nodes       catalog entries of models, seeds and snapshots, by unique id
 * @param sources     catalog entries of sources, by unique id
 * @param relations   the relation each unique id was looked up as
 * @param generatedAt when the warehouse was read
 * @param invocationId the id of this read
 * @param errors      why the catalog could not be read (then both maps are empty), or an empty list
 */
public record CatalogJson(Map<String, CatalogEntry> nodes, Map<String, CatalogEntry> sources,
                          Map<String, Relation> relations, Instant generatedAt, String invocationId,
                          List<String> errors) {

    /** The {@code dbt_schema_version} written. */
    public static final String SCHEMA = "https://schemas.getdbt.com/dbt/catalog/v1.json";

    /** The dbt version whose artifacts Kiln's follow, as written in {@code metadata.dbt_version}. */
    public static final String DBT_VERSION = "1.9.0";

    /** Copies the collections. */
    public CatalogJson {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        relations = Collections.unmodifiableMap(new LinkedHashMap<>(relations));
        errors = List.copyOf(errors);
    }

    /** A catalog with no entries ({@code --empty-catalog}): the site shows the YAML's columns only. */
    public static CatalogJson empty(CompiledProject project) {
        return new CatalogJson(Map.of(), Map.of(), relations(project), Instant.now(), UUID.randomUUID().toString(), List.of());
    }

    /**
     * Reads the catalog of {@code kiln}'s compiled project from its warehouse, one call for every
     * relation ({@link dev.kiln.spi.Session#catalog}); relations not built yet are left out.
     */
    public static CatalogJson read(Kiln kiln) {
        CompiledProject project = kiln.compile();
        Map<String, Relation> byId = relations(project);
        Map<String, String> idByRelation = new LinkedHashMap<>();
        byId.forEach((id, rel) -> idByRelation.putIfAbsent(key(rel), id));
        Map<String, CatalogEntry> nodes = new LinkedHashMap<>();
        Map<String, CatalogEntry> sources = new LinkedHashMap<>();
        List<Relation> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(byId.values()));
        Map<String, CatalogEntry> found = new java.util.HashMap<>();
        List<CatalogEntry> entries;
        try {
            entries = kiln.catalog(distinct);
        } catch (dev.kiln.KilnException e) {
            throw new dev.kiln.KilnException(e.code(), "Could not read the catalog from target '" + kiln.target().name()
                    + "': " + e.getMessage() + " (kiln docs generate --empty-catalog writes the site without the warehouse.)", e);
        }
        for (CatalogEntry e : entries) {
            found.put(key(e.info().relation()), e);
        }
        byId.forEach((id, rel) -> {
            CatalogEntry e = found.get(key(rel));
            if (e != null) {
                (id.startsWith("source.") ? sources : nodes).put(id, e);
            }
        });
        return new CatalogJson(nodes, sources, byId, Instant.now(), UUID.randomUUID().toString(), List.of());
    }

    /** Every catalogued unique id and its relation: models (not ephemeral), seeds, snapshots, sources. */
    static Map<String, Relation> relations(CompiledProject project) {
        Map<String, Relation> out = new LinkedHashMap<>();
        for (CompiledNode n : project.nodes()) {
            if (n.relation() != null && n.resourceType().isRefable()) {
                out.put(n.uniqueId(), n.relation());
            }
        }
        for (SourceTable s : project.project().sources().values()) {
            if (s.relation() != null) {
                out.put(s.uniqueId(), s.relation());
            }
        }
        return out;
    }

    private static String key(Relation r) {
        return (r.schema() == null ? "" : r.schema().toLowerCase(Locale.ROOT)) + "."
                + r.identifier().toLowerCase(Locale.ROOT);
    }

    /** The entry of a node or source, if its relation exists. */
    public java.util.Optional<CatalogEntry> entry(String uniqueId) {
        CatalogEntry e = nodes.get(uniqueId);
        return java.util.Optional.ofNullable(e != null ? e : sources.get(uniqueId));
    }

    /** Writes {@code catalog.json} to {@code file}, atomically (a temporary file, then a rename). */
    public void write(Path file) {
        SiteFiles.writeAtomically(file, out -> writeTo(out));
    }

    private void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("metadata");
            g.writeStringField("dbt_schema_version", SCHEMA);
            g.writeStringField("dbt_version", DBT_VERSION);
            g.writeStringField("generated_at", generatedAt.toString());
            g.writeStringField("invocation_id", invocationId);
            g.writeObjectFieldStart("env");
            g.writeEndObject();
            g.writeEndObject();
            g.writeObjectFieldStart("nodes");
            for (Map.Entry<String, CatalogEntry> e : nodes.entrySet()) {
                table(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("sources");
            for (Map.Entry<String, CatalogEntry> e : sources.entrySet()) {
                table(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            if (errors.isEmpty()) {
                g.writeNullField("errors");
            } else {
                g.writeArrayFieldStart("errors");
                for (String e : errors) {
                    g.writeString(e);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
    }

    private void table(JsonGenerator g, String uniqueId, CatalogEntry e) throws IOException {
        RelationInfo info = e.info();
        Relation asked = relations.getOrDefault(uniqueId, info.relation());
        g.writeObjectFieldStart(uniqueId);
        g.writeObjectFieldStart("metadata");
        g.writeStringField("type", info.kind() == RelationKind.VIEW ? "VIEW" : "BASE TABLE");
        g.writeStringField("schema", info.relation().schema() != null ? info.relation().schema() : asked.schema());
        g.writeStringField("name", info.relation().identifier());
        nullable(g, "database", info.relation().database() != null ? info.relation().database() : asked.database());
        nullable(g, "comment", e.comment());
        nullable(g, "owner", e.owner());
        g.writeEndObject();
        g.writeObjectFieldStart("columns");
        int index = 1;
        for (RelationInfo.Column c : info.columns()) {
            g.writeObjectFieldStart(c.name());
            g.writeStringField("type", c.type() == null ? "" : c.type());
            g.writeNumberField("index", index++);
            g.writeStringField("name", c.name());
            g.writeNullField("comment");
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("stats");
        for (CatalogEntry.Stat s : e.stats()) {
            g.writeObjectFieldStart(s.id());
            g.writeStringField("id", s.id());
            g.writeStringField("label", s.label());
            g.writeFieldName("value");
            value(g, s.value());
            g.writeBooleanField("include", true);
            nullable(g, "description", s.description());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("has_stats");
        g.writeStringField("id", "has_stats");
        g.writeStringField("label", "Has Stats?");
        g.writeBooleanField("value", !e.stats().isEmpty());
        g.writeBooleanField("include", false);
        g.writeStringField("description", "Indicates whether there are statistics for this table");
        g.writeEndObject();
        g.writeEndObject();
        g.writeStringField("unique_id", uniqueId);
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    private static void nullable(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }
}
