package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.Node;
import dev.kiln.Project;
import dev.kiln.SourceTable;
import dev.kiln.UnitTestSpec;
import dev.kiln.spi.Dialect;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes the {@code sources}, {@code unit_tests} and {@code macros} entries of {@code manifest.json}. */
final class ResourceEntries {

    private static final Pattern MACRO = Pattern.compile("<#(?:function|macro)\\s+([A-Za-z_][A-Za-z0-9_]*)");

    private final Project project;

    ResourceEntries(Project project) {
        this.project = project;
    }

    /** Writes {@code "<unique_id>": {…}} for a source table, in the shape of dbt's manifest (v12). */
    void source(JsonGenerator g, SourceTable s) throws IOException {
        g.writeObjectFieldStart(s.uniqueId());
        g.writeStringField("unique_id", s.uniqueId());
        g.writeStringField("resource_type", "source");
        g.writeStringField("name", s.name());
        g.writeStringField("source_name", s.sourceName());
        g.writeStringField("source_description", "");
        g.writeStringField("loader", s.load() == null || s.load().from() == null ? "" : s.load().from());
        g.writeStringField("package_name", project.name());
        String file = s.origin() == null ? "" : NodePaths.slashes(s.origin().path());
        g.writeStringField("path", file);
        g.writeStringField("original_file_path", file);
        JsonValues.strings(g, "fqn", s.origin() == null ? List.of() : s.origin().fqn());
        JsonValues.string(g, "database", s.relation().database());
        g.writeStringField("schema", s.relation().schema() == null ? "" : s.relation().schema());
        g.writeStringField("identifier", s.relation().identifier());
        g.writeStringField("relation_name", Dialect.ANSI.render(s.relation()));
        if (s.externalLocation() != null) {
            g.writeObjectFieldStart("external");
            g.writeStringField("location", s.externalLocation());
            g.writeEndObject();
        }
        JsonValues.string(g, "loaded_at_field", s.loadedAtField());
        freshness(g, s.freshness());
        g.writeStringField("description", s.docs() == null ? "" : s.docs().description());
        NodeEntries.columns(g, s.docs() == null ? List.of() : s.docs().columns());
        g.writeEndObject();
    }

    /** {@code freshness}: {@code warn_after}, {@code error_after} ({@code {count, period}}) and {@code filter}, or null. */
    private static void freshness(JsonGenerator g, Map<String, Object> freshness) throws IOException {
        if (freshness == null || freshness.isEmpty()) {
            g.writeNullField("freshness");
            return;
        }
        g.writeObjectFieldStart("freshness");
        for (String key : List.of("warn_after", "error_after")) {
            if (freshness.get(key) instanceof Map<?, ?> t) {
                g.writeObjectFieldStart(key);
                JsonValues.field(g, "count", t.get("count"));
                JsonValues.field(g, "period", t.get("period"));
                g.writeEndObject();
            } else {
                g.writeNullField(key);
            }
        }
        JsonValues.field(g, "filter", freshness.get("filter"));
        g.writeEndObject();
    }

    /** Writes {@code "<unique_id>": {…}} for a unit test. */
    void unitTest(JsonGenerator g, UnitTestSpec u) throws IOException {
        g.writeObjectFieldStart(u.uniqueId());
        g.writeStringField("unique_id", u.uniqueId());
        g.writeStringField("resource_type", "unit_test");
        g.writeStringField("name", u.name());
        g.writeStringField("package_name", project.name());
        g.writeStringField("model", u.model());
        String file = u.origin() == null ? null : NodePaths.slashes(u.origin().path());
        JsonValues.string(g, "path", file);
        JsonValues.string(g, "original_file_path", file);
        JsonValues.strings(g, "fqn", u.origin() == null ? List.of() : u.origin().fqn());
        g.writeArrayFieldStart("given");
        for (UnitTestSpec.Given given : u.given()) {
            g.writeStartObject();
            g.writeStringField("input", given.input());
            JsonValues.field(g, "rows", given.text() != null ? given.text() : given.rows());
            g.writeStringField("format", given.format());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("expect");
        JsonValues.field(g, "rows", u.expectText() != null ? u.expectText() : u.expect());
        g.writeStringField("format", u.expectFormat());
        g.writeEndObject();
        JsonValues.field(g, "overrides", u.overrides() == null ? Map.of() : u.overrides());
        g.writeStringField("description", u.description() == null ? "" : u.description());
        g.writeObjectFieldStart("depends_on");
        g.writeArrayFieldStart("macros");
        g.writeEndArray();
        JsonValues.strings(g, "nodes", project.refable(u.model()).map(Node::uniqueId).stream().toList());
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Writes the {@code macros} entries: one per FreeMarker {@code <#function>} or
     * {@code <#macro>}, keyed {@code macro.<project>.<name>} as in dbt.
     */
    void macros(JsonGenerator g, List<String> macroPaths) throws IOException {
        Map<String, Project.MacroFile> byName = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Project.MacroFile f : project.macros()) {
            Matcher m = MACRO.matcher(f.content());
            while (m.find()) {
                String id = "macro." + project.name() + "." + m.group(1);
                byName.putIfAbsent(id, f);
                names.putIfAbsent(id, m.group(1));
            }
        }
        Map<String, String> sql = new dev.kiln.internal.render.MacroCalls(project).sqlById();
        for (Map.Entry<String, Project.MacroFile> e : byName.entrySet()) {
            String file = e.getValue().path().replace('\\', '/');
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("unique_id", e.getKey());
            g.writeStringField("resource_type", "macro");
            g.writeStringField("name", names.get(e.getKey()));
            g.writeStringField("package_name", project.name());
            g.writeStringField("path", NodePaths.relativeTo(java.nio.file.Path.of(file), macroPaths));
            g.writeStringField("original_file_path", file);
            g.writeStringField("macro_sql", sql.getOrDefault(e.getKey(), definition(e.getValue().content(), names.get(e.getKey()))));
            g.writeObjectFieldStart("depends_on");
            g.writeArrayFieldStart("macros");
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** The text of the {@code <#function NAME>} or {@code <#macro NAME>} block in {@code content} (dbt's {@code macro_sql}). */
    static String definition(String content, String name) {
        Matcher m = Pattern.compile("<#(function|macro)\\s+" + Pattern.quote(name) + "\\b").matcher(content);
        if (!m.find()) {
            return content;
        }
        String close = "</#" + m.group(1) + ">";
        int end = content.indexOf(close, m.start());
        return end < 0 ? content.substring(m.start()) : content.substring(m.start(), end + close.length());
    }
}
