package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Node;
import dev.kiln.Project;
import dev.kiln.SourceTable;
import dev.kiln.UnitTestSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code target/manifest.json}: every node, source, unit test and macro of a compiled
 * project with its graph, in the shape of dbt's manifest (v12) so that tools that read one can
 * read the other. See {@code docs/artifacts.md}. Compact JSON, keys in a fixed order; written
 * to a temporary file and moved into place, so a crash never leaves a truncated manifest.
 */
public final class ManifestWriter {

    /** The schema this writer follows, recorded as {@code metadata.kiln_schema_version}. */
    public static final String SCHEMA_VERSION = "https://kiln.dev/schemas/manifest/v1.json";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public ManifestWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * Writes the manifest of {@code project} and returns its path. Throws
     * {@link dev.kiln.KilnException} ({@link dev.kiln.ErrorCode#IO}) if it cannot be written.
     */
    public Path write(CompiledProject project, ManifestMetadata metadata) {
        Path file = targetDir.resolve("manifest.json");
        Map<String, String> checksums = checksums(project);
        return AtomicFile.write(file, metadata.invocationId(), out -> write(out, project, metadata, checksums));
    }

    private static Map<String, String> checksums(CompiledProject project) {
        Path root = project.project().config().root();
        return project.nodes().parallelStream().collect(Collectors.toConcurrentMap(
                CompiledNode::uniqueId, n -> Checksums.of(n.node(), root)));
    }

    private void write(OutputStream out, CompiledProject compiled, ManifestMetadata metadata,
                       Map<String, String> checksums) throws IOException {
        Project project = compiled.project();
        NodePaths paths = new NodePaths(project.config().paths());
        NodeEntries nodes = new NodeEntries(new NodeEntries.Context(project, paths, compiledPrefix(project), checksums));
        ResourceEntries resources = new ResourceEntries(project);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            metadata(g, metadata, project.name());

            g.writeObjectFieldStart("nodes");
            for (CompiledNode n : compiled.nodes()) {
                nodes.write(g, n);
            }
            g.writeEndObject();

            g.writeObjectFieldStart("sources");
            for (SourceTable s : project.sources().values()) {
                resources.source(g, s);
            }
            g.writeEndObject();

            g.writeObjectFieldStart("macros");
            resources.macros(g, project.config().paths().macros());
            g.writeEndObject();

            for (String empty : List.of("docs", "exposures", "metrics", "groups", "selectors")) {
                g.writeObjectFieldStart(empty);
                g.writeEndObject();
            }

            g.writeObjectFieldStart("disabled");
            for (Node n : project.allNodes()) {
                if (compiled.node(n.uniqueId()).isEmpty()) {
                    nodes.writeDisabled(g, n);
                }
            }
            g.writeEndObject();

            g.writeObjectFieldStart("parent_map");
            for (String id : compiled.graphOrder()) {
                JsonValues.strings(g, id, compiled.parents(id));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("child_map");
            for (String id : compiled.graphOrder()) {
                JsonValues.strings(g, id, compiled.children(id));
            }
            g.writeEndObject();

            for (String empty : List.of("group_map", "saved_queries", "semantic_models")) {
                g.writeObjectFieldStart(empty);
                g.writeEndObject();
            }

            g.writeObjectFieldStart("unit_tests");
            for (UnitTestSpec u : project.unitTests().values()) {
                resources.unitTest(g, u);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void metadata(JsonGenerator g, ManifestMetadata m, String projectName) throws IOException {
        g.writeObjectFieldStart("metadata");
        g.writeStringField("kiln_schema_version", SCHEMA_VERSION);
        JsonValues.string(g, "kiln_version", m.kilnVersion());
        JsonValues.string(g, "generated_at", m.generatedAt() == null ? null : m.generatedAt().toString());
        JsonValues.string(g, "invocation_id", m.invocationId());
        JsonValues.string(g, "adapter_type", m.adapterType());
        JsonValues.string(g, "target_name", m.targetName());
        g.writeStringField("project_name", projectName);
        g.writeEndObject();
    }

    /** {@code <target>/compiled/<project>/}, relative to the project directory when it lies inside. */
    private String compiledPrefix(Project project) {
        Path root = project.config().root().toAbsolutePath().normalize();
        Path target = targetDir.toAbsolutePath().normalize();
        Path shown = target.startsWith(root) ? root.relativize(target) : target;
        String prefix = NodePaths.slashes(shown);
        return (prefix.isEmpty() ? "" : prefix + "/") + "compiled/" + project.name() + "/";
    }
}
