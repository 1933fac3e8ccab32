package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.Exposure;
import dev.kiln.Project;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code exposures} entries of {@code manifest.json} with dbt's fields. Of Kiln's
 * runnable blocks only what identifies them is written ({@code sync.to}, {@code sync.model},
 * {@code report.path}, {@code report.format}, the {@code serve} endpoints' paths): a block may
 * hold a credential, which must never reach an artifact.
 */
public final class ExposureEntries {

    private final Project project;

    /** Entries for the exposures of {@code project}. */
    public ExposureEntries(Project project) {
        this.project = project;
    }

    /** Writes {@code "<unique_id>": {…}}. */
    void write(JsonGenerator g, Exposure e) throws IOException {
        g.writeFieldName(e.uniqueId());
        writeBody(g, e);
    }

    /** Writes the entry's object (also read back by {@code state:modified}, see {@code internal.state.RecordedExposure}). */
    public void writeBody(JsonGenerator g, Exposure e) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", e.name());
        g.writeStringField("resource_type", "exposure");
        g.writeStringField("package_name", project.name());
        String file = NodePaths.slashes(e.origin().path());
        g.writeStringField("path", NodePaths.relativeTo(e.origin().path(), project.config().paths().models()));
        g.writeStringField("original_file_path", file);
        g.writeStringField("unique_id", e.uniqueId());
        JsonValues.strings(g, "fqn", e.origin().fqn());
        g.writeStringField("type", e.type());
        g.writeObjectFieldStart("owner");
        JsonValues.string(g, "email", e.owner().email().isEmpty() ? null : e.owner().email());
        JsonValues.string(g, "name", e.owner().name().isEmpty() ? null : e.owner().name());
        g.writeEndObject();
        g.writeStringField("description", e.description());
        JsonValues.string(g, "label", e.label().isEmpty() ? null : e.label());
        JsonValues.string(g, "maturity", e.maturity().isEmpty() ? null : e.maturity());
        Map<String, Object> meta = new LinkedHashMap<>(e.meta());
        meta.put("kiln", kiln(e));
        JsonValues.field(g, "meta", meta);
        JsonValues.strings(g, "tags", e.tags());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("enabled", e.enabled());
        config.put("tags", e.tags());
        config.put("meta", e.meta());
        JsonValues.field(g, "config", config);
        JsonValues.field(g, "unrendered_config", Map.of());
        JsonValues.string(g, "url", e.url().isEmpty() ? null : e.url());
        List<String> nodes = new ArrayList<>();
        List<Map<String, Object>> refs = new ArrayList<>();
        List<List<String>> sources = new ArrayList<>();
        for (String id : e.dependsOn()) {
            if (id.startsWith("source.")) {
                var s = project.sources().get(id);
                sources.add(List.of(s.sourceName(), s.name()));
            } else {
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("name", project.nodes().get(id).name());
                ref.put("package", null);
                ref.put("version", null);
                refs.add(ref);
            }
            nodes.add(id);
        }
        g.writeObjectFieldStart("depends_on");
        JsonValues.strings(g, "macros", List.of());
        JsonValues.strings(g, "nodes", nodes);
        g.writeEndObject();
        JsonValues.field(g, "refs", refs);
        JsonValues.field(g, "sources", sources);
        JsonValues.field(g, "metrics", List.of());
        g.writeEndObject();
    }

    /** What the exposure runs, without anything that could be a credential. */
    private static Map<String, Object> kiln(Exposure e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runnable", e.runnable());
        if (e.sync() != null) {
            Map<String, Object> sync = new LinkedHashMap<>();
            sync.put("to", e.sync().get("to"));
            sync.put("model", e.sync().get("model"));
            out.put("sync", sync);
        }
        if (e.report() != null) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("path", e.report().get("path"));
            report.put("format", e.report().getOrDefault("format", "xlsx"));
            out.put("report", report);
        }
        if (e.serve() != null) {
            List<Object> paths = new ArrayList<>();
            if (e.serve().get("endpoints") instanceof List<?> endpoints) {
                endpoints.forEach(ep -> paths.add(ep instanceof Map<?, ?> m ? m.get("path") : null));
            }
            out.put("serve", Map.of("endpoints", paths));
        }
        return out;
    }
}
