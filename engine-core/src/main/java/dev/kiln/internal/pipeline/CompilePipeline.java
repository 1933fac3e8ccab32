package dev.kiln.internal.pipeline;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.internal.analyze.SourceColumns;
import dev.kiln.internal.cache.PartialParse;
import dev.kiln.internal.execute.AdapterWarehouse;
import dev.kiln.internal.link.Deferrer;
import dev.kiln.internal.link.Linker;
import dev.kiln.internal.render.RenderContext;
import dev.kiln.internal.render.Renderer;
import dev.kiln.internal.render.TemplateEngine;
import dev.kiln.internal.render.Warehouse;
import dev.kiln.internal.report.PerfInfoWriter;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import dev.kiln.spi.Session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The compile pipeline of a {@code Kiln}: render (FreeMarker) → link (the DAG) → analyze (the
 * target's parser and Calcite) → report ({@code target/compiled/**}, {@code manifest.json}),
 * with partial parsing, and {@code --defer}'s second link. Keeps the last compile, which
 * {@code show} and the run coordinator read and replace.
 */
public final class CompilePipeline {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompilePipeline.class);

    private final KilnContext ctx;
    private final AnalyzeStage analyzer;
    /** Partial parsing ({@code null}: off); used by {@link #compile()} only. */
    private PartialParse partial;
    /** The last compile: the rendered nodes (to link again with {@code --defer}) and the linked project. */
    private Compilation compilation;
    private AnalysisReport analysis;
    /** Whether rendering gave any diagnostic (then the compile is not recorded as up to date). */
    private boolean renderWarned;

    /** The pipeline of {@code ctx}; {@code partial} is the partial parsing cache loading opened, or {@code null}. */
    public CompilePipeline(KilnContext ctx, PartialParse partial) {
        this.ctx = ctx;
        this.analyzer = new AnalyzeStage(ctx);
        this.partial = partial;
    }

    /**
     * Renders, links and analyses every node (once; later calls return the same result) and
     * writes {@code target/compiled/**} and {@code target/manifest.json}.
     */
    public CompiledProject compile() {
        if (compilation == null) {
            PartialParse cache = usablePartialParse();
            AskedWarehouse warehouse = new AskedWarehouse(new AdapterWarehouse(ctx::sharedAdapter));
            compilation = compile(new RenderContext(ctx.project(), ctx.target(), ctx.dialect(), ctx.vars(),
                    cache == null ? ctx.settings().env() : cache.env(), r -> false, false, warehouse), cache);
            analyzer.trainClassArchive(compilation.linked(), analysis);
            Path targetDir = ctx.targetDir();
            if (cache != null && cache.artifactsCurrent(targetDir.resolve("manifest.json"), targetDir.resolve("compiled"))) {
                LOG.debug("partial parse: nothing changed, the manifest is current");
                Instant start = Instant.now();
                ctx.artifacts().finishCompiledSql(); // the compiled tree checks itself (a file deleted or added since)
                ctx.settings().listener().stageFinished("write (compiled SQL only)", Duration.between(start, Instant.now()));
                recordUpToDate(cache);
            } else {
                writeArtifacts(compilation.linked());
                if (cache != null && !warehouse.asked) {
                    Instant start = Instant.now();
                    cache.save(ctx.project(), compilation.rendered(), analysis, targetDir.resolve("manifest.json"));
                    recordUpToDate(cache);
                    ctx.settings().listener().stageFinished("partial parse saved", Duration.between(start, Instant.now()));
                } else if (cache != null) {
                    cache.discard(); // rendering read the warehouse: not reusable
                }
            }
        }
        return compilation.linked();
    }

    /** Records this compile for partial parsing's up-to-date check, unless anything was warned of. */
    private void recordUpToDate(PartialParse cache) {
        boolean warned = renderWarned || ctx.toldAny() || !ctx.project().warnings().isEmpty();
        cache.recordUpToDate(compilation.linked(), ctx.artifacts().tree(compilation.linked()), warned);
    }

    /**
     * Like {@link #compile()}; with {@code --defer}, the nodes {@code chooser} selects read every
     * model, seed and snapshot that is not selected from the {@code --state} run, and the
     * artifacts are written again to show it (no warehouse is asked).
     */
    public CompiledProject compile(Function<CompiledProject, List<CompiledNode>> chooser) {
        CompiledProject all = compile();
        if (!ctx.settings().defer()) {
            return all;
        }
        List<String> selected = chooser.apply(all).stream().map(CompiledNode::uniqueId).toList();
        CompiledProject deferred = defer(compilation, selected, null);
        if (deferred != all) {
            compilation = new Compilation(compilation.rendered(), deferred, compilation.empty());
            writeArtifacts(deferred);
        }
        return deferred;
    }

    /** The analysis of the compiled project; analyses now if compiling did not. */
    public AnalysisReport analysis() {
        CompiledProject c = compile();
        if (analysis == null) {
            analysis = analyzer.analyze(c);
        }
        return analysis;
    }

    /**
     * {@code kiln parse}: compiles, and writes {@code perf_info.json} (how long each stage took).
     */
    public CompiledProject parse() {
        Instant start = Instant.now();
        CompiledProject compiled = compile();
        Map<String, Duration> timings = ctx.timings();
        Map<String, Duration> stages = new LinkedHashMap<>(timings);
        new PerfInfoWriter(ctx.targetDir()).write(compiled, stages,
                Duration.between(start, Instant.now()).plus(timings.getOrDefault("load", Duration.ZERO)));
        return compiled;
    }

    /**
     * Reads the columns of the sources nothing declares from the warehouse (or their
     * {@code s3://} files) into {@code target/source_columns.json}; see {@code Kiln.readSourceColumns()}.
     *
     * @return whether the columns changed since they were last read
     */
    public boolean readSourceColumns() {
        return refreshSourceColumns(ctx.adapter());
    }

    /** {@link #readSourceColumns()} on {@code adapter}; what was analysed with the old columns is forgotten. */
    boolean refreshSourceColumns(Adapter adapter) {
        Instant start = Instant.now();
        SourceColumns.Refresh r;
        try (Session s = adapter.openSession()) {
            r = SourceColumns.refresh(ctx.project(), ctx.target(), s, ctx.targetDir());
        }
        if (!r.warnings().isEmpty()) {
            ctx.settings().listener().warnings(r.warnings());
        }
        if (r.changed()) { // what was analysed or kept with the old columns is stale
            partial = null;
            analysis = null;
        }
        ctx.stageFinished("source columns", Duration.between(start, Instant.now()));
        return r.changed();
    }

    /** The last compile (compiling first if there was none). */
    Compilation current() {
        compile();
        return compilation;
    }

    /** Makes {@code c} the last compile (a run compiled against the warehouse, deferred or not). */
    void replace(Compilation c) {
        compilation = c;
    }

    /** The schemas the project writes to on this target. */
    Set<String> schemas() {
        Set<String> schemas = new LinkedHashSet<>();
        compile().nodes().forEach(n -> {
            if (n.relation() != null) {
                schemas.add(n.relation().schema());
            }
        });
        return schemas;
    }

    /** Renders, links and analyses with {@code renderContext} (a run's, which may ask the warehouse). */
    Compilation compile(RenderContext renderContext) {
        return compile(renderContext, null);
    }

    private Compilation compile(RenderContext renderContext, PartialParse cache) {
        if (cache != null && cache.outcome() == PartialParse.Outcome.EDITED && ctx.settings().analyze()) {
            dev.kiln.spi.SyntaxChecker checker = ctx.syntaxChecker(); // the edited models will be checked
            if (checker != null) {
                checker.warmUp();
            }
        }
        Instant start = Instant.now();
        Renderer.Outcome rendered = cache == null
                ? new Renderer(renderContext, new TemplateEngine(ctx.project(), ctx.dialect())).renderAll(ctx.project().allNodes())
                : cache.render(ctx.project(), () -> new Renderer(renderContext, new TemplateEngine(ctx.project(), ctx.dialect())));
        KilnException.throwIfErrors(rendered.diagnostics());
        renderWarned |= !rendered.diagnostics().isEmpty();
        ctx.stageFinished("render", Duration.between(start, Instant.now()));
        start = Instant.now();
        Linker linker = new Linker(ctx.project(), ctx.target(), ctx.dialect(), renderContext.empty());
        CompiledProject result = cache == null ? linker.link(rendered.nodes()) // with partial parsing: what an edit reaches
                : dev.kiln.internal.link.LinkMemo.link(linker, ctx.targetDir(), rendered.nodes());
        ctx.stageFinished("link", Duration.between(start, Instant.now()));
        ctx.artifacts().startCompiledSql(result); // while the SQL is analysed; there to read if it is rejected
        try {
            PartialParse.StoredAnalysis kept = cache == null ? null : cache.analysis();
            analysis = !ctx.settings().analyze() ? null : kept != null ? analyzer.reuse(result, kept)
                    : analyzer.analyze(result, cache == null ? null : cache.unaffectedAnalyses(result));
        } catch (RuntimeException rejected) {
            try {
                ctx.artifacts().finishCompiledSql();
            } catch (RuntimeException notWritten) {
                rejected.addSuppressed(notWritten);
            }
            throw rejected;
        }
        return new Compilation(rendered.nodes(), result, renderContext.empty());
    }

    /**
     * {@code --defer}: {@code compiled} linked again so that the {@code selected} nodes read what
     * they do not select from the {@code --state} run (see {@link Deferrer}); the same project
     * when nothing is deferred.
     *
     * @param existing whether a relation exists in the target, or {@code null} not to ask
     */
    CompiledProject defer(Compilation compiled, List<String> selected, Predicate<Relation> existing) {
        Instant start = Instant.now();
        Deferrer.Outcome outcome = new Deferrer(ctx.state(), ctx.settings().favorState(), ctx.target().name())
                .defer(compiled.linked(), selected, existing);
        if (!outcome.warnings().isEmpty()) {
            ctx.warn(outcome.warnings());
        }
        if (outcome.relations().isEmpty()) {
            return compiled.linked();
        }
        CompiledProject deferred = new Linker(ctx.project(), ctx.target(), ctx.dialect(), compiled.empty())
                .link(compiled.rendered(), outcome.relations());
        ctx.stageFinished("defer", Duration.between(start, Instant.now()));
        return deferred;
    }

    /** The report stage of a compile: {@code target/compiled/**} and {@code manifest.json}. */
    void writeArtifacts(CompiledProject result) {
        Instant start = Instant.now();
        ctx.artifacts().write(result, analysis, ctx.metadata());
        ctx.stageFinished("write", Duration.between(start, Instant.now()));
    }

    /** The partial parse cache when this Kiln may use it: the target directory is where it was looked for. */
    private PartialParse usablePartialParse() {
        Path expected = ctx.project().config().root().resolve(ctx.settings().targetPath() == null
                ? Path.of("target") : ctx.settings().targetPath()).normalize();
        return partial != null && expected.equals(ctx.targetDir()) ? partial : null;
    }

    /** Records whether rendering asked the warehouse (then the result cannot be reused). */
    private static final class AskedWarehouse implements Warehouse {
        private final Warehouse real;
        private volatile boolean asked;

        AskedWarehouse(Warehouse real) {
            this.real = real;
        }

        @Override
        public Optional<RelationInfo> describe(Relation relation) {
            asked = true;
            return real.describe(relation);
        }

        @Override
        public QueryResult query(String sql, int maxRows) {
            asked = true;
            return real.query(sql, maxRows);
        }
    }
}
