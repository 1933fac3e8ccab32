package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.AnalysisReport;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ModelAnalysis;
import dev.kiln.Node;
import dev.kiln.Project;
import dev.kiln.SourceTable;
import dev.kiln.UnitTestSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code target/manifest.json}: every node, source, unit test and macro of a compiled
 * project with its graph, in the shape of dbt's manifest (v12) so that tools that read one can
 * read the other. See {@code docs/artifacts.md}. Compact JSON, keys in a fixed order; written
 * to a temporary file and moved into place, so a crash never leaves a truncated manifest.
 */
public final class ManifestWriter {

    /** The schema this writer follows, recorded as {@code metadata.dbt_schema_version}: dbt's manifest v12. */
    public static final String SCHEMA_VERSION = "https://schemas.getdbt.com/dbt/manifest/v12.json";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManifestWriter.class);

    private final Path targetDir;
    private final String database;
    private final boolean remember;
    private EntryMemo.Counts counts = new EntryMemo.Counts(0, 0);

    /** @param targetDir the project's target directory */
    public ManifestWriter(Path targetDir) {
        this(targetDir, null);
    }

    /**
     * @param targetDir the project's target directory
     * @param database  the database recorded for relations that name none
     *                  ({@link dev.kiln.spi.Dialect#defaultDatabase()}), or {@code null}
     */
    public ManifestWriter(Path targetDir, String database) {
        this(targetDir, database, true);
    }

    /**
     * @param remember whether to reuse the entries of the last manifest this process wrote to the
     *                 same file when their inputs are the same ({@link EntryMemo}), and keep this
     *                 one's for the next; {@code false}: every entry rendered, nothing kept
     */
    ManifestWriter(Path targetDir, String database, boolean remember) {
        this.targetDir = targetDir;
        this.database = database;
        this.remember = remember;
    }

    /**
     * Writes the manifest of {@code project} and returns its path. Throws
     * {@link dev.kiln.KilnException} ({@link dev.kiln.ErrorCode#IO}) if it cannot be written.
     */
    public Path write(CompiledProject project, ManifestMetadata metadata) {
        return write(project, null, metadata);
    }

    /**
     * Writes the manifest of {@code project} with each analysed node's {@code column_lineage} and
     * {@code analysis} from {@code analysis} ({@code null}: none), and returns its path.
     */
    public Path write(CompiledProject project, AnalysisReport analysis, ManifestMetadata metadata) {
        long start = System.nanoTime();
        Path file = targetDir.resolve("manifest.json");
        Project p = project.project();
        String prefix = compiledPrefix(p);
        // what every entry reads besides its own inputs: when any of it changed, nothing is reused
        Object context = SameContent.list(p.name(), p.config().paths(), prefix, p.config().root(), database,
                metadata.targetSchema(), p.macros());
        EntryMemo memo = remember ? EntryMemo.take(file, context) : EntryMemo.empty(context);
        Fragments json = layout(project, analysis == null ? Map.of() : analysis.models(), metadata, prefix, memo);
        long laidOut = System.nanoTime();
        Path written = AtomicFile.write(file, String.valueOf(metadata.invocationId()), out -> {
            try (OutputStream buffered = new BufferedOutputStream(out, 1 << 16)) {
                json.writeTo(buffered);
            }
        });
        long rendered = System.nanoTime();
        if (remember) {
            memo.keep(file);
            counts = memo.counts();
        }
        long end = System.nanoTime();
        LOG.debug("manifest.json: {} entries reused, {} rendered; {} ms (laid out {}, rendered and written {}, kept {})",
                counts.reused(), counts.rendered(), (end - start) / 1_000_000, (laidOut - start) / 1_000_000,
                (rendered - laidOut) / 1_000_000, (end - rendered) / 1_000_000);
        return written;
    }

    /** How many entries of {@code nodes}, {@code sources}, {@code parent_map} and {@code child_map} the last write reused and rendered. */
    EntryMemo.Counts counts() {
        return counts;
    }

    /** The manifest's members in dbt's order; the big ones split into parts rendered in parallel. */
    private Fragments layout(CompiledProject compiled, Map<String, ModelAnalysis> analyses, ManifestMetadata metadata,
                             String prefix, EntryMemo memo) {
        Project project = compiled.project();
        NodePaths paths = new NodePaths(project.config().paths());
        NodeEntries nodes = new NodeEntries(new NodeEntries.Context(project, paths, prefix,
                project.config().root(), compiled.deferredRelations(), database, analyses, metadata.targetSchema()),
                new NodeEntries.StateInputs(new dev.kiln.internal.render.MacroCalls(project), compiled::reads));
        ResourceEntries resources = new ResourceEntries(project);
        List<CompiledNode> all = compiled.nodes().stream()
                .filter(n -> n.resourceType() != dev.kiln.ResourceType.EXPOSURE).toList();
        ExposureEntries exposures = new ExposureEntries(project);
        // the graph is read here, on one thread; only the writing runs in parallel
        List<Map.Entry<String, List<String>>> parents = new ArrayList<>();
        List<Map.Entry<String, List<String>>> children = new ArrayList<>();
        for (String id : compiled.graphOrder()) {
            parents.add(Map.entry(id, compiled.parents(id)));
            children.add(Map.entry(id, compiled.children(id)));
        }
        Fragments.Members none = g -> { };
        return new Fragments()
                .section("metadata", g -> metadata(g, metadata, project.name()))
                .partSection("nodes", memo.section("nodes", all, CompiledNode::uniqueId, nodes::inputs, nodes::write))
                .partSection("sources", memo.section("sources", List.copyOf(project.sources().values()),
                        SourceTable::uniqueId, s -> s, resources::source))
                .section("macros", g -> resources.macros(g, project.config().paths().macros()))
                .section("docs", none)
                .section("exposures", g -> {
                    for (dev.kiln.Exposure e : project.exposures().values()) {
                        if (e.enabled()) {
                            exposures.write(g, e);
                        }
                    }
                })
                .section("metrics", none)
                .section("groups", none)
                .section("selectors", none)
                .section("disabled", g -> {
                    for (Node n : project.allNodes()) {
                        if (compiled.node(n.uniqueId()).isEmpty()) {
                            nodes.writeDisabled(g, n);
                        }
                    }
                    for (dev.kiln.Exposure e : project.exposures().values()) {
                        if (!e.enabled()) {
                            g.writeArrayFieldStart(e.uniqueId());
                            exposures.writeBody(g, e);
                            g.writeEndArray();
                        }
                    }
                })
                .partSection("parent_map", memo.section("parent_map", parents, Map.Entry::getKey, Map.Entry::getValue,
                        ManifestWriter::mapEntry))
                .partSection("child_map", memo.section("child_map", children, Map.Entry::getKey, Map.Entry::getValue,
                        ManifestWriter::mapEntry))
                .section("group_map", none)
                .section("saved_queries", none)
                .section("semantic_models", none)
                .section("unit_tests", g -> {
                    for (UnitTestSpec u : project.unitTests().values()) {
                        resources.unitTest(g, u);
                    }
                });
    }

    private static void mapEntry(JsonGenerator g, Map.Entry<String, List<String>> e) throws IOException {
        JsonValues.strings(g, e.getKey(), e.getValue());
    }

    private static void metadata(JsonGenerator g, ManifestMetadata m, String projectName) throws IOException {
        g.writeStringField("dbt_schema_version", SCHEMA_VERSION);
        JsonValues.string(g, "dbt_version", m.kilnVersion());
        JsonValues.string(g, "generated_at", m.generatedAt() == null ? null : m.generatedAt().toString());
        JsonValues.string(g, "invocation_id", m.invocationId());
        JsonValues.field(g, "env", m.env());
        g.writeStringField("project_name", projectName);
        JsonValues.string(g, "adapter_type", m.adapterType());
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
