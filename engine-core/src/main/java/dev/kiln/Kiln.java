package dev.kiln;

import dev.kiln.internal.link.Linker;
import dev.kiln.internal.load.ProjectLoader;
import dev.kiln.internal.render.RenderContext;
import dev.kiln.internal.render.Renderer;
import dev.kiln.internal.render.TemplateEngine;
import dev.kiln.internal.report.CompiledSqlWriter;
import dev.kiln.internal.report.ManifestMetadata;
import dev.kiln.internal.report.ManifestWriter;
import dev.kiln.internal.report.PreviousManifest;
import dev.kiln.internal.select.Selector;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * Kiln, embedded: a loaded project on one target. Obtain with {@link #configure()}:
 *
 * <pre>{@code
 * try (Kiln kiln = Kiln.configure().projectDir(Path.of("datavision-project")).target("dev").load()) {
 *     CompiledProject compiled = kiln.compile();
 *     List<CompiledNode> staging = kiln.list(Selection.parse("path:models/staging"));
 * }
 * }</pre>
 */
public final class Kiln implements AutoCloseable {

    /** Kiln's version. */
    public static final String VERSION = "0.1.0";

    private final KilnBuilder settings;
    private final Project project;
    private final TargetConfig target;
    private final AdapterProvider adapter;
    private final Dialect dialect;
    private final Map<String, Object> vars;
    private CompiledProject compiled;

    private Kiln(KilnBuilder settings, Project project, TargetConfig target, AdapterProvider adapter) {
        this.settings = settings;
        this.project = project;
        this.target = target;
        this.adapter = adapter;
        this.dialect = adapter.dialect(target);
        Map<String, Object> v = new LinkedHashMap<>(project.config().vars());
        v.putAll(settings.vars);
        this.vars = v;
    }

    /** Starts configuring a Kiln. */
    public static KilnBuilder configure() {
        return new KilnBuilder();
    }

    static Kiln load(KilnBuilder b) {
        Instant start = Instant.now();
        Project project = new ProjectLoader(b.env).load(b.projectDir);
        b.listener.stageFinished("load", Duration.between(start, Instant.now()));
        if (!project.warnings().isEmpty()) {
            b.listener.warnings(project.warnings());
        }
        TargetConfig target = chooseTarget(project, b.target);
        if (b.threads != null) {
            Map<String, Object> s = new LinkedHashMap<>(target.settings());
            s.put("threads", b.threads);
            target = new TargetConfig(target.name(), target.type(), s, target.position());
        }
        return new Kiln(b, project, target, findAdapter(target, b.adapters));
    }

    private static TargetConfig chooseTarget(Project project, String requested) {
        Map<String, TargetConfig> targets = project.config().targets();
        String name = requested != null ? requested : project.config().defaultTarget();
        if (name == null) {
            throw new KilnException(ErrorCode.USAGE, "kiln.yml declares no targets.",
                    List.of(Diagnostic.error("no-targets", SourcePosition.of(java.nio.file.Path.of(ProjectLoader.PROJECT_FILE)),
                            "kiln.yml declares no targets.", "Add 'targets: {dev: {type: duckdb, path: target/dev.duckdb}}'.")));
        }
        TargetConfig t = targets.get(name);
        if (t == null) {
            throw new KilnException(ErrorCode.USAGE, "Unknown target '" + name + "'. "
                    + dev.kiln.internal.util.Suggest.didYouMean(name, targets.keySet(),
                    "Targets in kiln.yml: " + String.join(", ", targets.keySet()) + "."));
        }
        return t;
    }

    private static AdapterProvider findAdapter(TargetConfig target, List<AdapterProvider> explicit) {
        List<String> types = new ArrayList<>();
        for (AdapterProvider p : explicit) {
            if (p.type().equals(target.type())) {
                return p;
            }
            types.add(p.type());
        }
        for (AdapterProvider p : ServiceLoader.load(AdapterProvider.class, Kiln.class.getClassLoader())) {
            if (p.type().equals(target.type())) {
                return p;
            }
            types.add(p.type());
        }
        throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "No adapter for type '" + target.type()
                + "' (target '" + target.name() + "', " + target.position() + "). "
                + dev.kiln.internal.util.Suggest.didYouMean(target.type(), types,
                "Adapters on the class path: " + (types.isEmpty() ? "none" : String.join(", ", types)) + "."));
    }

    /** The loaded project. */
    public Project project() {
        return project;
    }

    /** The active target. */
    public TargetConfig target() {
        return target;
    }

    /** The target's SQL dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** The project vars with overrides applied. */
    public Map<String, Object> vars() {
        return vars;
    }

    /**
     * Renders and links every node (once; later calls return the same result) and writes
     * {@code target/compiled/**} and {@code target/manifest.json}.
     */
    public CompiledProject compile() {
        if (compiled == null) {
            compiled = compileProject(new RenderContext(project, target, dialect, vars, settings.env, r -> false, false));
            writeArtifacts(compiled);
        }
        return compiled;
    }

    /** The selected nodes, parents before children (compiling first if needed). */
    public List<CompiledNode> list(Selection selection) {
        return new Selector(compile(), state()).select(selection);
    }

    CompiledProject compileProject(RenderContext ctx) {
        Instant start = Instant.now();
        TemplateEngine engine = new TemplateEngine(project, dialect);
        Renderer.Outcome rendered = new Renderer(ctx, engine).renderAll(project.allNodes());
        KilnException.throwIfErrors(rendered.diagnostics());
        settings.listener.stageFinished("render", Duration.between(start, Instant.now()));
        start = Instant.now();
        CompiledProject result = new Linker(project, target, dialect).link(rendered.nodes());
        settings.listener.stageFinished("link", Duration.between(start, Instant.now()));
        return result;
    }

    private void writeArtifacts(CompiledProject result) {
        Instant start = Instant.now();
        java.nio.file.Path targetDir = project.config().targetDir();
        new CompiledSqlWriter(targetDir).write(result);
        new ManifestWriter(targetDir).write(result, new ManifestMetadata(VERSION, target.name(), target.type(),
                Instant.now(), UUID.randomUUID().toString()));
        settings.listener.stageFinished("write", Duration.between(start, Instant.now()));
    }

    private PreviousManifest state() {
        if (settings.stateDir == null) {
            return null;
        }
        if (!Files.isRegularFile(settings.stateDir.resolve("manifest.json"))) {
            throw new KilnException(ErrorCode.USAGE, "--state " + settings.stateDir
                    + " holds no manifest.json. Point it at the target directory of an earlier run.");
        }
        return PreviousManifest.read(settings.stateDir);
    }

    /** Releases connections and threads. */
    @Override
    public void close() {
        // nothing held yet beyond memory
    }
}
