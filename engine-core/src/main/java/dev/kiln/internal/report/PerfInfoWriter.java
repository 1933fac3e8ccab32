package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes {@code perf_info.json} for {@code kiln parse}, in the spirit of dbt's: how many files
 * were read, how long the whole parse took ({@code load_all_elapsed}, seconds) and each stage
 * ({@code stages}: load, render, link, analyze, write, in seconds).
 */
public final class PerfInfoWriter {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path targetDir;

    /** @param targetDir where to write */
    public PerfInfoWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * Writes the file atomically.
     *
     * @param compiled the parsed project
     * @param stages   each stage's time
     * @param total    the whole parse
     * @return the file written
     */
    public Path write(CompiledProject compiled, Map<String, Duration> stages, Duration total) {
        Set<String> paths = new TreeSet<>();
        compiled.nodes().forEach(n -> {
            if (n.node().origin() != null && n.node().origin().path() != null) {
                paths.add(n.node().origin().path().toString());
            }
        });
        return AtomicFile.write(targetDir.resolve("perf_info.json"), "parse", out -> {
            try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeNumberField("path_count", paths.size());
                g.writeNumberField("node_count", compiled.nodes().size());
                g.writeBooleanField("is_partial_parse_enabled", false);
                g.writeNumberField("load_all_elapsed", seconds(total));
                g.writeObjectFieldStart("stages");
                for (String stage : new String[] {"load", "render", "link", "analyze", "defer", "write"}) {
                    Duration d = stages.get(stage);
                    if (d != null) {
                        g.writeNumberField(stage + "_elapsed", seconds(d));
                    }
                }
                g.writeEndObject();
                g.writeObjectFieldStart("counts");
                Map<String, Integer> byType = new java.util.TreeMap<>();
                for (CompiledNode n : compiled.nodes()) {
                    byType.merge(n.resourceType().dbtName(), 1, Integer::sum);
                }
                for (Map.Entry<String, Integer> e : byType.entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeEndObject();
            }
        });
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e3) / 1e6;
    }
}
