package dev.kiln.internal.pipeline;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ExecutionPlan;
import dev.kiln.ResourceType;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.WarnErrorPolicy;
import dev.kiln.internal.execute.BuildJournal;
import dev.kiln.internal.execute.ExposureRunner;
import dev.kiln.internal.execute.ProjectHookRunner;
import dev.kiln.internal.execute.Scheduler;
import dev.kiln.internal.execute.StepRunner;
import dev.kiln.internal.execute.TestBatches;
import dev.kiln.internal.execute.TestRunner;
import dev.kiln.internal.execute.WarehouseCatalog;
import dev.kiln.internal.load.ProjectLoader;
import dev.kiln.internal.plan.Planner;
import dev.kiln.internal.render.RenderContext;
import dev.kiln.internal.render.TemplateEngine;
import dev.kiln.internal.report.LiveRunResults;
import dev.kiln.internal.report.ManifestMetadata;
import dev.kiln.internal.report.RunResultsWriter;
import dev.kiln.internal.state.PreviousRunResults;
import dev.kiln.internal.unittest.UnitTestRunner;
import dev.kiln.spi.Adapter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run coordinator of a {@code Kiln}: runs a command ({@code run}, {@code build},
 * {@code seed}, {@code test}, {@code snapshot}, {@code load}, {@code sync}, {@code report}) on
 * the selected nodes. It connects, recovers what a crash left half-built, compiles again against
 * the warehouse's current state (render → link → analyze, then {@code --defer}), selects, plans,
 * writes the manifest, runs the plan on the target's threads (with the project's and the nodes'
 * hooks) and writes {@code run_results.json} as it goes. Also {@code kiln retry} and cancelling.
 */
public final class RunCoordinator {

    private final KilnContext ctx;
    private final CompilePipeline compiler;
    private final SelectStage selector;
    private final PlanStage planner;
    private volatile Scheduler running;
    private volatile boolean cancelRequested;

    /** The run coordinator of {@code ctx}, compiling with {@code compiler}. */
    public RunCoordinator(KilnContext ctx, CompilePipeline compiler, SelectStage selector, PlanStage planner) {
        this.ctx = ctx;
        this.compiler = compiler;
        this.selector = selector;
        this.planner = planner;
    }

    /**
     * Runs {@code command} on the selected nodes: connects, compiles against the warehouse's
     * current state, plans, runs on the target's threads, and writes {@code run_results.json}.
     */
    public RunResults execute(Command command, Selection selection, RunOptions options) {
        return execute(command, c -> choose(c, selection), options, args(command, selection, options));
    }

    private Map<String, Object> args(Command command, Selection selection, RunOptions options) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("which", command.cliName());
        args.put("select", selection.select());
        args.put("exclude", selection.exclude());
        args.put("full_refresh", options.fullRefresh());
        if (command == Command.SYNC) {
            args.put("dry_run", options.dryRun());
        }
        if (options.empty()) {
            args.put("empty", true);
        }
        args.put("target", ctx.target().name());
        return args;
    }

    /** The invocation's arguments as {@code run_results.json} records them, with the deferral settings. */
    private Map<String, Object> withDeferral(Map<String, Object> args) {
        if (!ctx.settings().defer()) {
            return args;
        }
        Map<String, Object> all = new LinkedHashMap<>(args);
        all.put("defer", true);
        all.put("state", ctx.settings().stateDir().toString());
        all.put("favor_state", ctx.settings().favorState());
        return all;
    }

    private RunResults execute(Command command, java.util.function.Function<CompiledProject, List<CompiledNode>> chooser,
                               RunOptions options, Map<String, Object> args) {
        Set<String> schemas = compiler.schemas(); // a project that does not compile stops here, before connecting
        Adapter adapter = adapter();
        BuildJournal.recover(ctx.targetDir(), adapter); // before anything reads or writes a relation a crash left half-built
        compiler.refreshSourceColumns(adapter); // connected anyway: the lineage of this run's manifest knows the sources' columns
        WarehouseCatalog catalog = new WarehouseCatalog(adapter, schemas);
        RenderContext runContext = new RenderContext(ctx.project(), ctx.target(), ctx.dialect(), ctx.vars(), ctx.settings().env(),
                catalog, options.fullRefresh(), new dev.kiln.internal.execute.AdapterWarehouse(() -> adapter), options.empty());
        Compilation compiledNow = compiler.compile(runContext);
        CompiledProject current = compiledNow.linked();
        List<CompiledNode> chosen = planner.withUnitTests(command, chooser.apply(current));
        ExecutionPlan plan = new Planner(current).plan(command, chosen);
        if (ctx.settings().defer()) {
            CompiledProject deferred = compiler.defer(compiledNow, plan.steps().stream().map(s -> s.node().uniqueId()).toList(),
                    catalog::exists);
            if (deferred != current) {
                current = deferred;
                CompiledProject relinked = deferred;
                plan = new Planner(relinked).plan(command, chosen.stream()
                        .map(n -> relinked.node(n.uniqueId()).orElse(n)).toList());
            }
        }
        compiler.replace(new Compilation(compiledNow.rendered(), current, compiledNow.empty()));
        compiler.writeArtifacts(current);
        boolean nodeHooks = plan.steps().stream().anyMatch(s -> dev.kiln.internal.execute.NodeHooks.any(s.node()));
        dev.kiln.internal.render.HookTemplates hooks = nodeHooks || runsProjectHooks(command, plan)
                ? new dev.kiln.internal.render.HookTemplates(runContext, new TemplateEngine(ctx.project(), ctx.dialect())) : null;
        ProjectHookRunner projectHooks = runsProjectHooks(command, plan) ? new ProjectHookRunner(new ProjectHookRunner.Context(
                ctx.project().name(), java.nio.file.Path.of(ProjectLoader.PROJECT_FILE), hooks, current, adapter,
                ctx.settings().listener(), ctx.dialect()::render)) : null;
        java.util.function.Supplier<UnitTestRunner> unitTests = memoize(() -> new UnitTestRunner(ctx.project(), ctx.vars(), ctx.settings().env()));
        ManifestMetadata runMetadata = metadata();
        dev.kiln.internal.execute.StepCosts costs = dev.kiln.internal.execute.StepCosts.fromPreviousRun(ctx.targetDir()); // before it is rewritten
        RunResultsWriter resultsWriter = new RunResultsWriter(ctx.targetDir(), current, ctx.dialect().defaultDatabase());
        try (BuildJournal journal = BuildJournal.in(ctx.targetDir());
             StepRunner steps = new StepRunner(adapter, options, ctx.project().config().root(), new StepRunner.Runners(
                new TestRunner(adapter.materializer(), new TestBatches(plan.steps().stream().map(ExecutionPlan.Step::node)
                        .filter(n -> n.resourceType() == ResourceType.TEST).toList(), current, adapter.dialect()),
                        ctx.settings().warnError().fails(WarnErrorPolicy.TEST_WARN)),
                new StepRunner.UnitTests(ctx.project().unitTests(), unitTests),
                new ExposureRunner(new ExposureRunner.Context(current, command, options.dryRun(), ctx.project().config().root(),
                        ctx.targetDir(), ctx.target().name(), ctx.dialect(), ctx.settings().listener())),
                new dev.kiln.internal.ingest.LoadRunner(new dev.kiln.internal.ingest.LoadRunner.Context(
                        ctx.project(), ctx.target(), adapter, options.fullRefresh(), (node, line) -> {
                            synchronized (ctx.settings().listener()) {
                                ctx.settings().listener().progress(node, line);
                            }
                        })),
                journal, hooks == null ? null : new dev.kiln.internal.execute.NodeHooks(hooks, current)))) {
            LiveRunResults live = new LiveRunResults(ctx.settings().listener(), plan, resultsWriter, runMetadata, withDeferral(args));
            Scheduler scheduler = new Scheduler(plan, steps, new Scheduler.Settings(ctx.target().threads(), options.failFast(), costs),
                    live);
            running = scheduler;
            if (cancelRequested) { // cancelled while compiling: run nothing
                scheduler.cancel();
            }
            RunResults results = projectHooks == null ? scheduler.run()
                    : projectHooks.around(ctx.project().config().hooks(), plan, scheduler::run);
            resultsWriter.write(results, runMetadata, withDeferral(args), live.threads());
            return results;
        } finally {
            running = null;
            cancelRequested = false;
        }
    }

    /** The commands that run {@code on-run-start} and {@code on-run-end}, as in dbt. */
    private static final Set<Command> HOOK_COMMANDS = java.util.EnumSet.of(Command.RUN, Command.BUILD, Command.SEED,
            Command.SNAPSHOT, Command.TEST);

    private boolean runsProjectHooks(Command command, ExecutionPlan plan) {
        return HOOK_COMMANDS.contains(command) && !ctx.project().config().hooks().isEmpty() && !plan.steps().isEmpty();
    }

    /**
     * {@code kiln retry}: re-runs the nodes that errored, failed or were skipped in the last
     * {@code run_results.json}, with the same command.
     */
    public RunResults retry(RunOptions options) {
        PreviousRunResults last = PreviousRunResults.read(ctx.targetDir());
        Command command = Command.valueOf(last.command().toUpperCase(java.util.Locale.ROOT));
        List<String> ids = last.toRetry();
        if (ids.isEmpty()) {
            return new RunResults(command.cliName(), List.of(), java.time.Duration.ZERO, false);
        }
        Set<String> retry = new LinkedHashSet<>(ids);
        RunOptions again = last.dryRun() ? options.withDryRun(true) : options; // a dry run is retried as one
        again = last.empty() ? again.withEmpty(true) : again; // and an --empty build as one, reading no rows
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("which", command.cliName());
        args.put("retry", ids);
        args.put("full_refresh", options.fullRefresh());
        if (command == Command.SYNC) {
            args.put("dry_run", again.dryRun());
        }
        if (again.empty()) {
            args.put("empty", true);
        }
        args.put("target", ctx.target().name());
        return execute(command, c -> java.util.stream.Stream.concat(dev.kiln.internal.ingest.LoadNodes.of(ctx.project()).stream(),
                c.nodes().stream()).filter(n -> retry.contains(n.uniqueId())).toList(), again, args);
    }

    /** Cancels the running command: running statements are aborted, pending nodes skipped. */
    public void cancel() {
        cancelRequested = true;
        Scheduler s = running;
        if (s != null) {
            s.cancel();
        }
    }

    private static <T> java.util.function.Supplier<T> memoize(java.util.function.Supplier<T> s) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = s.get();
                }
                return value;
            }
        };
    }

    private List<CompiledNode> choose(CompiledProject compiled, Selection selection) {
        return selector.choose(compiled, selection);
    }

    private Adapter adapter() {
        return ctx.adapter();
    }

    private ManifestMetadata metadata() {
        return ctx.metadata();
    }
}
