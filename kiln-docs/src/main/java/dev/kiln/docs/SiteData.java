package dev.kiln.docs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.AnalysisReport;
import dev.kiln.ColumnLineage;
import dev.kiln.ColumnRef;
import dev.kiln.ColumnSpec;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Derivation;
import dev.kiln.Exposure;
import dev.kiln.ModelAnalysis;
import dev.kiln.Node;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;
import dev.kiln.UnitTestSpec;
import dev.kiln.internal.report.JsonValues;
import dev.kiln.spi.CatalogEntry;
import dev.kiln.spi.RelationInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The site's data, written as JavaScript files that the page loads with {@code <script>} tags
 * (so that it opens from {@code file://}, where {@code fetch} is refused):
 * <ul>
 *   <li>{@code data/graph.js}: the project, and every node's name, type, short description,
 *       tags, columns and parents: what the search, the lists and the lineage graph need at once;</li>
 *   <li>{@code data/n<K>.js}: the full pages of {@value #CHUNK} nodes (descriptions, columns with
 *       types and tests, raw and compiled SQL, config), loaded when a page of one is opened;</li>
 *   <li>{@code data/columns.js}: column lineage edges, loaded on the first column click.</li>
 * </ul>
 */
final class SiteData {

    /** Nodes per page-data file. */
    static final int CHUNK = 200;
    private static final int SHORT_DESCRIPTION = 240;

    private final SiteInput in;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, List<CompiledNode>> testsByNode = new HashMap<>();
    private final Map<String, List<String>> exposuresByNode = new HashMap<>();
    private final Map<String, List<String>> unitTestsByModel = new HashMap<>();

    /** One node of the graph: a model, seed, snapshot, source, exposure, or a relation Kiln does not manage. */
    private record Entry(String id, String type, String name, CompiledNode node, SourceTable source, Exposure exposure,
                         List<String> parents) {
        static Entry of(CompiledNode n, List<String> parents) {
            return new Entry(n.uniqueId(), n.resourceType().dbtName(), n.name(), n, null, null, parents);
        }

        static Entry of(SourceTable s) {
            return new Entry(s.uniqueId(), "source", s.sourceName() + "." + s.name(), null, s, null, List.of());
        }

        static Entry of(Exposure x) {
            return new Entry(x.uniqueId(), "exposure", x.name(), null, null, x, x.dependsOn());
        }

        static Entry relation(String id) {
            return new Entry(id, "relation", id.substring("relation.".length()), null, null, null, List.of());
        }
    }

    SiteData(SiteInput in) {
        this.in = in;
        CompiledProject p = in.project();
        for (SourceTable s : p.project().sources().values()) {
            add(Entry.of(s));
        }
        for (CompiledNode n : p.nodes()) {
            if (n.resourceType() == ResourceType.TEST) {
                if (n.node().test() != null && n.node().test().attachedNode() != null) {
                    testsByNode.computeIfAbsent(n.node().test().attachedNode(), k -> new ArrayList<>()).add(n);
                } else {
                    n.dependsOn().forEach(d -> testsByNode.computeIfAbsent(d, k -> new ArrayList<>()).add(n));
                }
            } else if (n.resourceType().isRefable()) {
                add(Entry.of(n, p.parents(n.uniqueId())));
            }
        }
        for (Exposure e : p.project().exposures().values()) {
            add(Entry.of(e));
            e.dependsOn().forEach(d -> exposuresByNode.computeIfAbsent(d, k -> new ArrayList<>()).add(e.uniqueId()));
        }
        for (UnitTestSpec u : p.project().unitTests().values()) {
            p.project().refable(u.model()).ifPresent(m ->
                    unitTestsByModel.computeIfAbsent(m.uniqueId(), k -> new ArrayList<>()).add(u.name()));
        }
        if (in.analysis() != null) {
            for (ModelAnalysis m : in.analysis().models().values()) {
                for (ColumnLineage c : m.columns()) {
                    for (Derivation d : c.from()) {
                        String id = d.from().uniqueId();
                        if (!index.containsKey(id) && id.startsWith("relation.")) {
                            add(Entry.relation(id));
                        }
                    }
                }
            }
        }
    }

    private void add(Entry e) {
        if (!index.containsKey(e.id())) {
            index.put(e.id(), entries.size());
            entries.add(e);
        }
    }

    /** How many nodes the graph has. */
    int size() {
        return entries.size();
    }

    /** Writes {@code graph.js}, the page-data files and {@code columns.js} into {@code dataDir}. */
    void write(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        writeJs(dataDir.resolve("graph.js"), "window.KILN_GRAPH = ", ";\n", this::graph);
        for (int k = 0; k * CHUNK < entries.size(); k++) {
            int chunk = k;
            writeJs(dataDir.resolve("n" + k + ".js"), "window.kilnChunk(" + k + ", ", ");\n", g -> pages(g, chunk));
        }
        writeJs(dataDir.resolve("columns.js"), "window.kilnColumns(", ");\n", this::columns);
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Writes {@code prefix JSON.parse('…') suffix}: V8 reads a large JSON string with
     * {@code JSON.parse} several times faster than the same data as an object literal. JSON
     * output has no raw line breaks; only backslashes and quotes need escaping (UTF-8 bytes of
     * other characters never equal them).
     */
    private static void writeJs(Path file, String prefix, String suffix, Body body) throws IOException {
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream(1 << 16);
        try (JsonGenerator g = new JsonFactory().createGenerator(json, JsonEncoding.UTF8)) {
            body.write(g);
        }
        byte[] bytes = json.toByteArray();
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write((prefix + "JSON.parse('").getBytes(StandardCharsets.UTF_8));
            for (byte b : bytes) {
                if (b == '\\' || b == '\'') {
                    out.write('\\');
                }
                out.write(b);
            }
            out.write(("')" + suffix).getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- graph.js

    private void graph(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("project");
        g.writeStringField("name", in.project().project().name());
        g.writeStringField("version", String.valueOf(in.project().project().config().version()));
        g.writeStringField("target", in.targetName());
        g.writeStringField("adapter", in.adapterType());
        g.writeStringField("generated_at", in.generatedAt().toString());
        string(g, "ran_at", in.state().ranAt());
        g.writeStringField("overview", in.overview());
        g.writeNumberField("chunk", CHUNK);
        g.writeBooleanField("catalog", !in.catalog().nodes().isEmpty() || !in.catalog().sources().isEmpty());
        g.writeEndObject();
        g.writeArrayFieldStart("nodes");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            g.writeStartObject();
            g.writeStringField("i", e.id());
            g.writeStringField("t", e.type());
            g.writeStringField("n", e.name());
            String path = path(e);
            if (path != null) {
                g.writeStringField("p", path);
            }
            String d = plain(description(e));
            if (!d.isEmpty()) {
                g.writeStringField("d", d.length() > SHORT_DESCRIPTION ? d.substring(0, SHORT_DESCRIPTION) + "…" : d);
            }
            List<String> tags = tags(e);
            if (!tags.isEmpty()) {
                strings(g, "g", tags);
            }
            if (e.node() != null) {
                CompiledNode n = e.node();
                g.writeStringField("m", n.resourceType() == ResourceType.MODEL ? n.config().materialized()
                        : n.resourceType().dbtName());
                n.config().schema().ifPresent(s -> field(g, "sc", s));
            }
            Relation rel = relation(e);
            if (rel != null) {
                g.writeStringField("r", rel.displayName());
            }
            g.writeArrayFieldStart("u");
            for (String parent : e.parents()) {
                Integer pi = index.get(parent);
                if (pi != null) {
                    g.writeNumber(pi);
                }
            }
            g.writeEndArray();
            List<String> cols = columnNames(e);
            if (!cols.isEmpty()) {
                strings(g, "c", cols);
            }
            RunState.Result r = in.state().results().get(e.id());
            if (r != null) {
                g.writeStringField("s", r.status());
            }
            RunState.Freshness f = in.state().freshness().get(e.id());
            if (f != null) {
                g.writeStringField("f", f.status());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void field(JsonGenerator g, String name, String value) {
        try {
            g.writeStringField(name, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- n<K>.js

    private void pages(JsonGenerator g, int chunk) throws IOException {
        g.writeStartObject();
        for (int i = chunk * CHUNK; i < Math.min(entries.size(), (chunk + 1) * CHUNK); i++) {
            Entry e = entries.get(i);
            g.writeObjectFieldStart(e.id());
            g.writeStringField("description", description(e));
            String file = file(e);
            if (file != null) {
                g.writeStringField("file", file);
            }
            if (e.node() != null) {
                node(g, e.node());
            } else if (e.source() != null) {
                source(g, e.source());
            } else if (e.exposure() != null) {
                exposure(g, e.exposure());
            }
            columnsOf(g, e);
            List<CompiledNode> nodeTests = testsByNode.getOrDefault(e.id(), List.of()).stream()
                    .filter(t -> t.node().test() == null || t.node().test().columnName() == null).toList();
            g.writeArrayFieldStart("tests");
            for (CompiledNode t : nodeTests) {
                test(g, t);
            }
            g.writeEndArray();
            strings(g, "exposures", exposuresByNode.getOrDefault(e.id(), List.of()));
            strings(g, "unit_tests", unitTestsByModel.getOrDefault(e.id(), List.of()));
            CatalogEntry c = in.catalog().entry(e.id()).orElse(null);
            if (c != null) {
                g.writeStringField("kind", c.info().kind().name().toLowerCase(Locale.ROOT));
                g.writeArrayFieldStart("stats");
                for (CatalogEntry.Stat s : c.stats()) {
                    g.writeStartObject();
                    g.writeStringField("label", s.label());
                    g.writeStringField("value", String.valueOf(s.value()));
                    string(g, "description", s.description());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            RunState.Result r = in.state().results().get(e.id());
            if (r != null) {
                g.writeObjectFieldStart("last_run");
                g.writeStringField("status", r.status());
                string(g, "message", r.message());
                g.writeNumberField("seconds", r.seconds());
                g.writeEndObject();
            }
            ModelAnalysis a = in.analysis() == null ? null : in.analysis().models().get(e.id());
            if (a != null) {
                g.writeObjectFieldStart("analysis");
                g.writeStringField("status", a.status().name().toLowerCase(Locale.ROOT));
                string(g, "problem", a.problem());
                g.writeBooleanField("columns_complete", a.columnsComplete());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void node(JsonGenerator g, CompiledNode n) throws IOException {
        Node node = n.node();
        g.writeStringField("raw", node.rawCode() == null ? "" : node.rawCode());
        g.writeStringField("sql", n.compiledSql() == null ? "" : n.compiledSql());
        g.writeFieldName("config");
        JsonValues.write(g, n.config().values());
        Object meta = n.config().get("meta").orElse(null);
        Object owner = meta instanceof Map<?, ?> m && m.get("owner") != null ? m.get("owner")
                : n.config().get("owner").orElse(null);
        if (owner != null) {
            g.writeFieldName("owner");
            JsonValues.write(g, owner);
        }
        if (n.relation() != null) {
            g.writeStringField("relation", n.relation().displayName());
        }
        strings(g, "fqn", node.origin().fqn());
    }

    private void source(JsonGenerator g, SourceTable s) throws IOException {
        g.writeStringField("relation", s.relation().displayName());
        string(g, "external_location", s.externalLocation());
        string(g, "loaded_at_field", s.loadedAtField());
        if (!s.freshness().isEmpty()) {
            g.writeFieldName("freshness");
            JsonValues.write(g, s.freshness());
        }
        if (s.load() != null) {
            g.writeStringField("loader", s.load().from());
        }
        RunState.Freshness f = in.state().freshness().get(s.uniqueId());
        if (f != null) {
            g.writeObjectFieldStart("last_freshness");
            g.writeStringField("status", f.status());
            string(g, "max_loaded_at", f.maxLoadedAt());
            g.writeNumberField("age_seconds", f.ageSeconds());
            string(g, "checked_at", f.checkedAt());
            g.writeEndObject();
        }
    }

    private void exposure(JsonGenerator g, Exposure x) throws IOException {
        g.writeStringField("type", x.type());
        string(g, "label", x.label());
        if (!x.owner().name().isEmpty() || !x.owner().email().isEmpty()) {
            g.writeObjectFieldStart("owner");
            g.writeStringField("name", x.owner().name());
            g.writeStringField("email", x.owner().email());
            g.writeEndObject();
        }
        string(g, "url", x.url());
        string(g, "maturity", x.maturity());
        g.writeBooleanField("enabled", x.enabled());
        List<String> runs = new ArrayList<>();
        if (x.sync() != null) {
            runs.add("sync to " + x.sync().getOrDefault("to", "?"));
        }
        if (x.report() != null) {
            runs.add("report " + x.report().getOrDefault("path", ""));
        }
        if (x.serve() != null) {
            runs.add("serve (HTTP API)");
        }
        strings(g, "runs", runs);
    }

    private void columnsOf(JsonGenerator g, Entry e) throws IOException {
        List<CompiledNode> tests = testsByNode.getOrDefault(e.id(), List.of());
        g.writeArrayFieldStart("columns");
        for (Column c : columns(e)) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            string(g, "type", c.type());
            g.writeStringField("description", c.description());
            g.writeArrayFieldStart("tests");
            for (CompiledNode t : tests) {
                if (t.node().test() != null && c.name().equalsIgnoreCase(t.node().test().columnName())) {
                    test(g, t);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void test(JsonGenerator g, CompiledNode t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.uniqueId());
        g.writeStringField("name", t.node().test() != null ? t.node().test().name() : t.name());
        g.writeStringField("full_name", t.name());
        g.writeStringField("severity", t.config().string("severity").orElse("error").toLowerCase(Locale.ROOT));
        RunState.Result r = in.state().results().get(t.uniqueId());
        if (r != null) {
            g.writeStringField("status", r.status());
            string(g, "message", r.message());
        }
        g.writeEndObject();
    }

    /** A column as the page shows it. */
    private record Column(String name, String type, String description) {
    }

    /**
     * A node's columns: the warehouse's (with their types) in its order, then YAML's that the
     * warehouse lacks; without a catalog entry, YAML's then the analysis's.
     */
    private List<Column> columns(Entry e) {
        Map<String, ColumnSpec> docs = new LinkedHashMap<>();
        for (ColumnSpec c : specs(e)) {
            docs.put(c.name().toLowerCase(Locale.ROOT), c);
        }
        Map<String, Column> out = new LinkedHashMap<>();
        CatalogEntry cat = in.catalog().entry(e.id()).orElse(null);
        if (cat != null) {
            for (RelationInfo.Column c : cat.info().columns()) {
                ColumnSpec spec = docs.get(c.name().toLowerCase(Locale.ROOT));
                out.put(c.name().toLowerCase(Locale.ROOT), new Column(c.name(), c.type(),
                        spec == null ? "" : spec.description()));
            }
        }
        for (ColumnSpec c : docs.values()) {
            out.putIfAbsent(c.name().toLowerCase(Locale.ROOT), new Column(c.name(), c.dataType(), c.description()));
        }
        if (cat == null && in.analysis() != null) {
            ModelAnalysis a = in.analysis().models().get(e.id());
            List<String> names = a != null ? a.columnNames()
                    : in.analysis().lineage().columns(e.id()).stream().filter(n -> !ColumnRef.ALL.equals(n)).toList();
            for (String n : names) {
                out.putIfAbsent(n.toLowerCase(Locale.ROOT), new Column(n, null, ""));
            }
        }
        return new ArrayList<>(out.values());
    }

    private List<String> columnNames(Entry e) {
        return columns(e).stream().map(Column::name).toList();
    }

    private static List<ColumnSpec> specs(Entry e) {
        return e.node() != null ? e.node().node().docs().columns()
                : e.source() != null ? e.source().docs().columns() : List.of();
    }

    private static String description(Entry e) {
        return e.node() != null ? e.node().node().docs().description()
                : e.source() != null ? e.source().docs().description()
                : e.exposure() != null ? e.exposure().description() : "";
    }

    private static List<String> tags(Entry e) {
        return e.node() != null ? e.node().config().tags() : e.exposure() != null ? e.exposure().tags() : List.of();
    }

    private static Relation relation(Entry e) {
        return e.node() != null ? e.node().relation() : e.source() != null ? e.source().relation() : null;
    }

    private static String file(Entry e) {
        if (e.node() != null) {
            return slashes(e.node().node().origin().path());
        }
        NodeOrigin o = e.source() != null ? e.source().origin() : e.exposure() != null ? e.exposure().origin() : null;
        return o == null ? null : slashes(o.path());
    }

    /** The folder path the sidebar groups by: the model's file, the source's name. */
    private static String path(Entry e) {
        return e.source() != null ? e.source().sourceName() : file(e);
    }

    private static String slashes(Path p) {
        return p == null ? null : p.toString().replace('\\', '/');
    }

    /** Markdown reduced to one line of plain text, for lists and search. */
    static String plain(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        return markdown.replaceAll("[`*_#>\\[\\]]", "").replaceAll("\\(https?://[^)]*\\)", "")
                .replaceAll("\\s+", " ").strip();
    }

    // ---------------------------------------------------------------- columns.js

    /**
     * Column lineage as flat arrays: {@code names} holds every column name once;
     * {@code edges} holds five numbers per edge: child node, child column, parent node, parent
     * column (indexes into the graph's nodes and {@code names}), and 1 for a direct copy or 0 for
     * a transformation.
     */
    private void columns(JsonGenerator g) throws IOException {
        Map<String, Integer> names = new LinkedHashMap<>();
        List<int[]> edges = new ArrayList<>();
        AnalysisReport a = in.analysis();
        if (a != null) {
            for (ModelAnalysis m : a.models().values()) {
                Integer child = index.get(m.uniqueId());
                if (child == null) {
                    continue;
                }
                Set<String> seen = new LinkedHashSet<>();
                for (ColumnLineage c : m.columns()) {
                    for (Derivation d : a.lineage().parents(new ColumnRef(m.uniqueId(), c.name()))) {
                        Integer parent = index.get(d.from().uniqueId());
                        if (parent == null || !seen.add(c.name() + "\u0000" + d.from().key())) {
                            continue;
                        }
                        edges.add(new int[]{child, name(names, c.name()), parent, name(names, d.from().column()),
                                d.direct() ? 1 : 0});
                    }
                }
            }
        }
        g.writeStartObject();
        strings(g, "names", names.keySet());
        g.writeArrayFieldStart("edges");
        for (int[] e : edges) {
            for (int v : e) {
                g.writeNumber(v);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static int name(Map<String, Integer> names, String name) {
        return names.computeIfAbsent(name, k -> names.size());
    }

    // ---------------------------------------------------------------- helpers

    private static void strings(JsonGenerator g, String name, java.util.Collection<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }
}
