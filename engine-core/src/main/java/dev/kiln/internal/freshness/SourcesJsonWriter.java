package dev.kiln.internal.freshness;

import dev.kiln.FreshnessReport;
import dev.kiln.FreshnessResult;
import dev.kiln.FreshnessStatus;
import dev.kiln.FreshnessCriteria;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.internal.report.ManifestMetadata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code target/sources.json} in the shape of dbt's sources artifact: {@code metadata},
 * {@code results[]} (each with {@code unique_id}, {@code max_loaded_at}, {@code snapshotted_at},
 * {@code max_loaded_at_time_ago_in_s}, {@code status}, {@code criteria}, {@code timing},
 * {@code thread_id}, {@code execution_time}; a runtime error has {@code error} instead of the
 * times) and {@code elapsed_time}. Written to a temporary file and moved into place.
 */
public final class SourcesJsonWriter {

    /** The schema this writer follows, recorded as {@code metadata.dbt_schema_version}: dbt's sources v3. */
    public static final String SCHEMA_VERSION = "https://schemas.getdbt.com/dbt/sources/v3.json";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public SourcesJsonWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /** Writes the report; returns the file written. */
    public Path write(FreshnessReport report, ManifestMetadata metadata) {
        Path file = targetDir.resolve("sources.json");
        try {
            Files.createDirectories(targetDir);
            Path tmp = Files.createTempFile(targetDir, ".sources-", ".json.tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    write(report, metadata, out);
                }
                move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes the report as JSON to {@code out}. */
    public void write(FreshnessReport report, ManifestMetadata metadata, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("metadata");
            g.writeStringField("dbt_schema_version", SCHEMA_VERSION);
            g.writeStringField("dbt_version", metadata.kilnVersion());
            g.writeStringField("generated_at", metadata.generatedAt().toString());
            g.writeStringField("invocation_id", metadata.invocationId());
            g.writeObjectFieldStart("env");
            for (java.util.Map.Entry<String, String> e : metadata.env().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (FreshnessResult r : report.results()) {
                result(g, r);
            }
            g.writeEndArray();
            g.writeNumberField("elapsed_time", report.elapsed().toNanos() / 1e9);
            g.writeEndObject();
        }
    }

    /**
     * One result in dbt's shape: a {@code SourceFreshnessOutput}, or a {@code SourceFreshnessRuntimeError}
     * ({@code unique_id}, {@code error}, {@code status}) for a source that could not be checked, and for one without
     * any row (its newest load time is unknown, which dbt's schema cannot record as an output).
     */
    private static void result(JsonGenerator g, FreshnessResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("unique_id", r.uniqueId());
        if (r.status() == FreshnessStatus.RUNTIME_ERROR || r.maxLoadedAt() == null) {
            g.writeStringField("error", r.error() != null ? r.error()
                    : "No rows: the newest load time is unknown (status " + r.status().dbtName() + ")");
            g.writeStringField("status", FreshnessStatus.RUNTIME_ERROR.dbtName());
            g.writeEndObject();
            return;
        }
        nullable(g, "max_loaded_at", r.maxLoadedAt());
        nullable(g, "snapshotted_at", r.snapshottedAt());
        g.writeNumberField("max_loaded_at_time_ago_in_s", r.age() == null ? 0 : r.age().toNanos() / 1e9);
        g.writeStringField("status", r.status().dbtName());
        criteria(g, r.criteria());
        g.writeObjectFieldStart("adapter_response");
        g.writeEndObject();
        g.writeArrayFieldStart("timing");
        g.writeStartObject();
        g.writeStringField("name", "execute");
        g.writeStringField("started_at", r.startedAt().toString());
        g.writeStringField("completed_at", r.startedAt().plus(r.elapsed()).toString());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("thread_id", r.threadId());
        g.writeNumberField("execution_time", r.elapsed().toNanos() / 1e9);
        g.writeEndObject();
    }

    private static void criteria(JsonGenerator g, FreshnessCriteria c) throws IOException {
        g.writeObjectFieldStart("criteria");
        threshold(g, "warn_after", c.warnAfter());
        threshold(g, "error_after", c.errorAfter());
        if (c.filter() == null) {
            g.writeNullField("filter");
        } else {
            g.writeStringField("filter", c.filter());
        }
        g.writeEndObject();
    }

    private static void threshold(JsonGenerator g, String name, FreshnessCriteria.Threshold t) throws IOException {
        g.writeObjectFieldStart(name);
        if (t == null) {
            g.writeNullField("count");
            g.writeNullField("period");
        } else {
            g.writeNumberField("count", t.count());
            g.writeStringField("period", t.period());
        }
        g.writeEndObject();
    }

    private static void nullable(JsonGenerator g, String name, java.time.Instant value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value.toString());
        }
    }
}
