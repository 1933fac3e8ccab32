package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;

import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code target/run_results.json} in the shape of dbt's run results (v6): one entry
 * per node with its status, timing, rows affected, message and failures; see
 * {@code docs/artifacts.md}. Written atomically.
 */
public final class RunResultsWriter {

    /** The schema this writer follows. */
    public static final String SCHEMA_VERSION = "https://kiln.dev/schemas/run-results/v1.json";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public RunResultsWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /** Writes the results of one command. */
    public Path write(RunResults results, ManifestMetadata metadata, Map<String, Object> args) {
        return AtomicFile.write(targetDir.resolve("run_results.json"), metadata.invocationId(), out -> {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeObjectFieldStart("metadata");
                JsonValues.string(g, "kiln_schema_version", SCHEMA_VERSION);
                JsonValues.string(g, "kiln_version", metadata.kilnVersion());
                JsonValues.string(g, "generated_at", metadata.generatedAt().toString());
                JsonValues.string(g, "invocation_id", metadata.invocationId());
                JsonValues.string(g, "target_name", metadata.targetName());
                JsonValues.string(g, "adapter_type", metadata.adapterType());
                g.writeEndObject();
                g.writeArrayFieldStart("results");
                for (NodeResult r : results.results()) {
                    result(g, r);
                }
                g.writeEndArray();
                g.writeNumberField("elapsed_time", results.elapsed().toNanos() / 1e9);
                JsonValues.field(g, "args", args);
                g.writeBooleanField("cancelled", results.cancelled());
                g.writeEndObject();
            }
        });
    }

    private static void result(JsonGenerator g, NodeResult r) throws java.io.IOException {
        g.writeStartObject();
        JsonValues.string(g, "unique_id", r.uniqueId());
        JsonValues.string(g, "status", r.status().dbtName());
        g.writeArrayFieldStart("timing");
        g.writeStartObject();
        JsonValues.string(g, "name", "execute");
        JsonValues.string(g, "started_at", r.startedAt().toString());
        JsonValues.string(g, "completed_at", r.startedAt().plus(r.elapsed()).toString());
        g.writeEndObject();
        g.writeEndArray();
        g.writeNumberField("execution_time", r.elapsed().toNanos() / 1e9);
        JsonValues.string(g, "message", r.message());
        if (r.rowsAffected() >= 0) {
            g.writeObjectFieldStart("adapter_response");
            g.writeNumberField("rows_affected", r.rowsAffected());
            for (Map.Entry<String, Object> e : r.response().entrySet()) {
                JsonValues.field(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } else {
            JsonValues.field(g, "adapter_response", r.response());
        }
        g.writeNumberField("failures", r.failures());
        g.writeNumberField("retries", r.retries());
        g.writeEndObject();
    }

}
