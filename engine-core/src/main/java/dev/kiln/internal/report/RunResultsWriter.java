package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.NodeResult;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.spi.Dialect;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code target/run_results.json} in dbt's run results schema (v6): one entry per node with its status,
 * timing, thread, compiled SQL, relation, adapter response, message and failures; see {@code docs/artifacts.md}.
 * Written atomically.
 */
public final class RunResultsWriter {

    /** The schema this writer follows, recorded as {@code metadata.dbt_schema_version}: dbt's run results v6. */
    public static final String SCHEMA_VERSION = "https://schemas.getdbt.com/dbt/run-results/v6.json";

    /** The {@code thread_id} of a node that never started (skipped before it ran), as dbt writes it. */
    static final String MAIN_THREAD = "main";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path targetDir;
    private final CompiledProject project;
    private final String database;

    /** @param targetDir the project's target directory */
    public RunResultsWriter(Path targetDir) {
        this(targetDir, null, null);
    }

    /**
     * @param targetDir the project's target directory
     * @param project   the compiled project the results are of (compiled SQL and relations), or {@code null}
     * @param database  the dialect's default database, for relations that name none (as the manifest records them)
     */
    public RunResultsWriter(Path targetDir, CompiledProject project, String database) {
        this.targetDir = targetDir;
        this.project = project;
        this.database = database;
    }

    /** Writes the results of one command. */
    public Path write(RunResults results, ManifestMetadata metadata, Map<String, Object> args) {
        return write(results, metadata, args, Map.of());
    }

    /**
     * Writes the results of one command; {@code threads} names the thread each node ran on, by unique id
     * ({@value #MAIN_THREAD} for one that is not there).
     */
    public Path write(RunResults results, ManifestMetadata metadata, Map<String, Object> args, Map<String, String> threads) {
        return AtomicFile.write(targetDir.resolve("run_results.json"), metadata.invocationId(), out -> {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeObjectFieldStart("metadata");
                g.writeStringField("dbt_schema_version", SCHEMA_VERSION);
                JsonValues.string(g, "dbt_version", metadata.kilnVersion());
                JsonValues.string(g, "generated_at", metadata.generatedAt().toString());
                JsonValues.string(g, "invocation_id", metadata.invocationId());
                JsonValues.field(g, "env", metadata.env());
                g.writeEndObject();
                g.writeArrayFieldStart("results");
                for (NodeResult r : results.results()) {
                    result(g, r, threads.getOrDefault(r.uniqueId(), MAIN_THREAD));
                }
                g.writeEndArray();
                g.writeNumberField("elapsed_time", results.elapsed().toNanos() / 1e9);
                Map<String, Object> all = new LinkedHashMap<>(args);
                if (results.cancelled()) {
                    all.put("cancelled", true);
                }
                JsonValues.field(g, "args", all);
                g.writeEndObject();
            }
        });
    }

    private void result(JsonGenerator g, NodeResult r, String thread) throws java.io.IOException {
        g.writeStartObject();
        JsonValues.string(g, "status", r.status().dbtName());
        g.writeArrayFieldStart("timing");
        g.writeStartObject();
        JsonValues.string(g, "name", "execute");
        JsonValues.string(g, "started_at", r.startedAt().toString());
        JsonValues.string(g, "completed_at", r.startedAt().plus(r.elapsed()).toString());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("thread_id", thread);
        g.writeNumberField("execution_time", r.elapsed().toNanos() / 1e9);
        Map<String, Object> response = new LinkedHashMap<>();
        if (r.rowsAffected() >= 0) {
            response.put("rows_affected", r.rowsAffected());
        }
        response.putAll(r.response());
        if (r.retries() > 0) {
            response.put("retries", r.retries());
        }
        JsonValues.field(g, "adapter_response", response);
        JsonValues.string(g, "message", r.message());
        g.writeNumberField("failures", r.failures());
        JsonValues.string(g, "unique_id", r.uniqueId());
        Optional<CompiledNode> node = project == null ? Optional.empty() : project.node(r.uniqueId());
        String sql = node.filter(n -> n.resourceType() != ResourceType.SEED).map(CompiledNode::compiledSql).orElse(null);
        g.writeBooleanField("compiled", sql != null);
        JsonValues.string(g, "compiled_code", sql);
        JsonValues.string(g, "relation_name", node.map(CompiledNode::relation).map(this::render).orElse(null));
        g.writeEndObject();
    }

    /** The relation as the manifest's {@code relation_name} has it. */
    private String render(Relation rel) {
        if (rel.database() == null && database != null) {
            rel = new Relation(database, rel.schema(), rel.identifier());
        }
        return Dialect.ANSI.render(rel);
    }
}
