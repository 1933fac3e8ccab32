package dev.kiln.internal.report;

import dev.kiln.internal.util.Checksums;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.ColumnLineage;
import dev.kiln.ColumnSpec;
import dev.kiln.CompiledNode;
import dev.kiln.Derivation;
import dev.kiln.ModelAnalysis;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.Project;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;
import dev.kiln.TableRead;
import dev.kiln.TestMetadata;
import dev.kiln.spi.Dialect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the entries of {@code nodes} (and {@code disabled}) in {@code manifest.json}, in dbt's shape (manifest v12). */
final class NodeEntries {

    /**
     * What every entry needs.
     *
     * @param project        the loaded project
     * @param paths          resolves node paths
     * @param compiledPrefix {@code target/compiled/<project>/}, as recorded in {@code compiled_path}
     * @param root           the project directory (seed checksums read the CSV file)
     * @param deferred       {@code --defer}: unique id → the relation of the state run read in its place
     * @param database       the dialect's {@link Dialect#defaultDatabase()}, recorded for relations naming none
     * @param analyses       each analysed node's analysis, by unique id (empty when not analysed)
     * @param schema         the target's schema, recorded for nodes that create no relation (dbt's schema is a string)
     */
    record Context(Project project, NodePaths paths, String compiledPrefix, java.nio.file.Path root,
                   Map<String, Relation> deferred, String database, Map<String, ModelAnalysis> analyses,
                   String schema) {
    }

    /**
     * What {@code state:modified} compares besides the code and config: the macros each node
     * calls ({@code depends_on.macros}) and the vars and env vars its template read
     * ({@code config.kiln_reads}).
     *
     * @param macros which macros a node calls
     * @param reads  unique id → what its template read
     */
    record StateInputs(dev.kiln.internal.render.MacroCalls macros,
                       java.util.function.Function<String, dev.kiln.TemplateReads> reads) {
    }

    /** The config key under which a node's {@link dev.kiln.TemplateReads} are recorded. */
    static final String READS_KEY = "kiln_reads";

    private final Context ctx;
    private final StateInputs state;

    NodeEntries(Context ctx, StateInputs state) {
        this.ctx = ctx;
        this.state = state;
    }

    /**
     * Writes {@code "<unique_id>": {…}} for a compiled node, with the fields dbt's manifest (v12) allows for its
     * resource type; Kiln's own (column lineage, analysis) go under {@code meta.kiln}.
     */
    void write(JsonGenerator g, CompiledNode c) throws IOException {
        Node n = c.node();
        NodeConfig config = n.config();
        boolean seed = n.resourceType() == ResourceType.SEED;
        g.writeObjectFieldStart(n.uniqueId());
        identity(g, n);
        Relation rel = c.relation();
        if (rel != null && rel.database() == null && ctx.database() != null) {
            rel = new Relation(ctx.database(), rel.schema(), rel.identifier());
        }
        g.writeStringField("alias", rel != null ? rel.identifier() : config.alias().orElse(n.name()));
        g.writeStringField("schema", rel != null ? rel.schema() : config.schema().orElse(defaultSchema()));
        JsonValues.string(g, "database", rel != null ? rel.database() : config.string("database").orElse(ctx.database()));
        JsonValues.string(g, "relation_name", rel == null ? null : Dialect.ANSI.render(rel));
        Relation deferred = ctx.deferred().get(n.uniqueId());
        if (deferred != null && n.resourceType() != ResourceType.TEST) {
            deferRelation(g, c, deferred);
        }
        JsonValues.field(g, "config", withReads(config.values(), state.reads().apply(n.uniqueId())));
        JsonValues.strings(g, "tags", config.tags());
        meta(g, config, ctx.analyses().get(n.uniqueId()));
        g.writeStringField("description", n.docs().description());
        columns(g, n.docs().columns());
        if (seed) {
            g.writeObjectFieldStart("depends_on");
            g.writeArrayFieldStart("macros");
            g.writeEndArray();
            g.writeEndObject();
            g.writeStringField("raw_code", n.rawCode());
        } else {
            dependencies(g, c);
            g.writeStringField("language", "sql");
            g.writeStringField("raw_code", n.rawCode());
            g.writeStringField("compiled_code", c.compiledSql() == null ? "" : c.compiledSql());
            g.writeBooleanField("compiled", true);
            String compiled = NodePaths.compiled(n);
            JsonValues.string(g, "compiled_path", compiled == null ? null : ctx.compiledPrefix() + compiled);
        }
        checksum(g, n);
        if (n.test() != null) {
            testMetadata(g, n.test());
        }
        g.writeEndObject();
    }

    /**
     * Everything {@link #write} reads for {@code c} besides the {@link Context}'s project-wide values
     * and the macros' definitions (which {@link ManifestWriter} compares as a whole): the node,
     * its analysis, template reads and deferred relation, and the names it shows of the nodes,
     * sources and tested resource it points at. {@code null} for a seed, whose checksum reads its
     * file: always written again. Keep in step with {@link #write}.
     */
    Object inputs(CompiledNode c) {
        Node n = c.node();
        if (n.resourceType() == ResourceType.SEED) {
            return null;
        }
        String id = n.uniqueId();
        List<Object> refs = new ArrayList<>(c.dependsOn().size());
        for (String parent : c.dependsOn()) {
            Node p = ctx.project().nodes().get(parent);
            refs.add(p == null ? null : p.name());
        }
        List<Object> sources = new ArrayList<>(c.sources().size());
        for (String source : c.sources()) {
            SourceTable s = ctx.project().sources().get(source);
            sources.add(s == null ? null : List.of(s.sourceName(), s.name()));
        }
        return SameContent.list(c, ctx.analyses().get(id), state.reads().apply(id), ctx.deferred().get(id), refs,
                sources, n.test() == null ? null : attachedRelation(n.test().attachedNode()));
    }

    /** The schema of a node that creates no relation (a test, an ephemeral model): the target's. */
    private String defaultSchema() {
        return ctx.schema() == null ? "" : ctx.schema();
    }

    private void checksum(JsonGenerator g, Node n) throws IOException {
        g.writeObjectFieldStart("checksum");
        g.writeStringField("name", "sha256");
        g.writeStringField("checksum", Checksums.of(n, ctx.root()));
        g.writeEndObject();
    }

    /** {@code meta}: the node's {@code config.meta}, plus Kiln's analysis under {@code kiln} when there is one. */
    private static void meta(JsonGenerator g, NodeConfig config, ModelAnalysis analysis) throws IOException {
        Object meta = config.get("meta").filter(Map.class::isInstance).orElse(Map.of());
        if (analysis == null) {
            JsonValues.field(g, "meta", meta);
            return;
        }
        g.writeObjectFieldStart("meta");
        for (Map.Entry<?, ?> e : ((Map<?, ?>) meta).entrySet()) {
            if (!"kiln".equals(e.getKey())) {
                JsonValues.field(g, String.valueOf(e.getKey()), e.getValue());
            }
        }
        g.writeObjectFieldStart("kiln");
        lineage(g, analysis);
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * {@code defer_relation}: the relation of the state run read in place of this node. dbt records that run's
     * node; Kiln knows only its relation, and fills the other required fields from the current node.
     */
    private void deferRelation(JsonGenerator g, CompiledNode c, Relation deferred) throws IOException {
        Node n = c.node();
        g.writeObjectFieldStart("defer_relation");
        JsonValues.string(g, "database", deferred.database());
        g.writeStringField("schema", deferred.schema() == null ? defaultSchema() : deferred.schema());
        g.writeStringField("alias", deferred.identifier());
        g.writeStringField("relation_name", Dialect.ANSI.render(deferred));
        g.writeStringField("resource_type", n.resourceType().dbtName());
        g.writeStringField("name", n.name());
        g.writeStringField("description", n.docs().description());
        JsonValues.string(g, "compiled_code", c.compiledSql());
        JsonValues.field(g, "meta", n.config().get("meta").filter(Map.class::isInstance).orElse(Map.of()));
        JsonValues.strings(g, "tags", n.config().tags());
        JsonValues.field(g, "config", n.config().values());
        g.writeEndObject();
    }

    /** The config as recorded: with {@code kiln_reads: {vars: {name: sha256}, env_vars: {…}}} when it read any. */
    private static Map<String, Object> withReads(Map<String, Object> config, dev.kiln.TemplateReads reads) {
        if (reads.isEmpty()) {
            return config;
        }
        Map<String, Object> out = new LinkedHashMap<>(config);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("vars", reads.vars());
        r.put("env_vars", reads.envVars());
        out.put(READS_KEY, r);
        return out;
    }

    /**
     * Writes {@code "<unique_id>": [{…}]} for a node that is not compiled because it is disabled: what dbt requires
     * of a disabled node (where it would be materialized, its checksum) and its config.
     */
    void writeDisabled(JsonGenerator g, Node n) throws IOException {
        g.writeArrayFieldStart(n.uniqueId());
        g.writeStartObject();
        identity(g, n);
        NodeConfig config = n.config();
        JsonValues.string(g, "database", config.string("database").orElse(ctx.database()));
        g.writeStringField("schema", config.schema().orElse(defaultSchema()));
        g.writeStringField("alias", config.alias().orElse(n.name()));
        checksum(g, n);
        Map<String, Object> values = new LinkedHashMap<>(config.values());
        values.put("enabled", false);
        JsonValues.field(g, "config", values);
        g.writeEndObject();
        g.writeEndArray();
    }

    private void identity(JsonGenerator g, Node n) throws IOException {
        g.writeStringField("unique_id", n.uniqueId());
        g.writeStringField("resource_type", n.resourceType().dbtName());
        g.writeStringField("name", n.name());
        g.writeStringField("package_name", ctx.project().name());
        g.writeStringField("path", ctx.paths().resourcePath(n));
        g.writeStringField("original_file_path", NodePaths.slashes(n.origin().path()));
        JsonValues.strings(g, "fqn", n.origin().fqn());
    }

    /** Writes {@code "columns": {name: {name, description, data_type, meta}}}. */
    static void columns(JsonGenerator g, List<ColumnSpec> columns) throws IOException {
        g.writeObjectFieldStart("columns");
        for (ColumnSpec col : columns) {
            g.writeObjectFieldStart(col.name());
            g.writeStringField("name", col.name());
            g.writeStringField("description", col.description() == null ? "" : col.description());
            JsonValues.string(g, "data_type", col.dataType());
            JsonValues.field(g, "meta", col.meta() == null ? Map.of() : col.meta());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * Writes (inside {@code meta.kiln}) {@code "column_lineage": {column: [{unique_id, column, derivation}]}} and
     * {@code "analysis": {status, columns_complete, tables_read: [{name, unique_id, declared}]}}.
     */
    private static void lineage(JsonGenerator g, ModelAnalysis a) throws IOException {
        g.writeObjectFieldStart("column_lineage");
        for (ColumnLineage col : a.columns()) {
            g.writeArrayFieldStart(col.name());
            for (Derivation d : col.from()) {
                g.writeStartObject();
                g.writeStringField("unique_id", d.from().uniqueId());
                g.writeStringField("column", d.from().column());
                g.writeStringField("derivation", d.transform());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("analysis");
        g.writeStringField("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
        g.writeBooleanField("columns_complete", a.columnsComplete());
        g.writeArrayFieldStart("tables_read");
        for (TableRead t : a.tablesRead()) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            JsonValues.string(g, "unique_id", t.uniqueId());
            g.writeBooleanField("declared", t.declared());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void dependencies(JsonGenerator g, CompiledNode c) throws IOException {
        g.writeObjectFieldStart("depends_on");
        JsonValues.strings(g, "macros", state.macros().calledBy(c.node()));
        List<String> all = new ArrayList<>(c.dependsOn());
        all.addAll(c.sources());
        JsonValues.strings(g, "nodes", all);
        g.writeEndObject();
        g.writeArrayFieldStart("refs");
        for (String id : c.dependsOn()) {
            Node parent = ctx.project().nodes().get(id);
            g.writeStartObject();
            g.writeStringField("name", parent != null ? parent.name() : id.substring(id.lastIndexOf('.') + 1));
            g.writeNullField("package");
            g.writeNullField("version");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sources");
        for (String id : c.sources()) {
            SourceTable s = ctx.project().sources().get(id);
            if (s != null) {
                g.writeStartArray();
                g.writeString(s.sourceName());
                g.writeString(s.name());
                g.writeEndArray();
            }
        }
        g.writeEndArray();
    }

    private void testMetadata(JsonGenerator g, TestMetadata t) throws IOException {
        g.writeObjectFieldStart("test_metadata");
        g.writeStringField("name", t.name());
        Map<String, Object> kwargs = new LinkedHashMap<>(t.kwargs() == null ? Map.of() : t.kwargs());
        if (t.columnName() != null) {
            kwargs.putIfAbsent("column_name", t.columnName());
        }
        String model = attachedRelation(t.attachedNode());
        if (model != null) {
            kwargs.putIfAbsent("model", model);
        }
        JsonValues.field(g, "kwargs", kwargs);
        g.writeNullField("namespace");
        g.writeEndObject();
        JsonValues.string(g, "attached_node", t.attachedNode());
        JsonValues.string(g, "column_name", t.columnName());
    }

    /** {@code ref('name')} or {@code source('s', 't')} for the resource a test is attached to. */
    private String attachedRelation(String id) {
        if (id == null) {
            return null;
        }
        Node n = ctx.project().nodes().get(id);
        if (n != null) {
            return "ref('" + n.name() + "')";
        }
        SourceTable s = ctx.project().sources().get(id);
        return s == null ? null : "source('" + s.sourceName() + "', '" + s.name() + "')";
    }
}
