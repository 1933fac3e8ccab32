package dev.kiln;

import dev.kiln.internal.pipeline.CompilePipeline;
import dev.kiln.internal.pipeline.KilnContext;
import dev.kiln.internal.pipeline.KilnSettings;
import dev.kiln.internal.pipeline.LoadStage;
import dev.kiln.internal.pipeline.PlanStage;
import dev.kiln.internal.pipeline.RunCoordinator;
import dev.kiln.internal.pipeline.SelectStage;
import dev.kiln.internal.pipeline.WarehouseCommands;
import dev.kiln.spi.Dialect;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    private final KilnContext context;
    private final CompilePipeline compiler;
    private final SelectStage selector;
    private final PlanStage planner;
    private final RunCoordinator runs;
    private final WarehouseCommands warehouse;

    private Kiln(LoadStage.Loaded loaded) {
        this.context = new KilnContext(loaded, VERSION);
        this.compiler = new CompilePipeline(context, loaded.partial());
        this.selector = new SelectStage(context);
        this.planner = new PlanStage(context.project());
        this.runs = new RunCoordinator(context, compiler, selector, planner);
        this.warehouse = new WarehouseCommands(context, compiler, selector);
    }

    /** Starts configuring a Kiln. */
    public static KilnBuilder configure() {
        return new KilnBuilder();
    }

    /** Loads what {@code settings} (copied from a {@link KilnBuilder} at {@link KilnBuilder#load()}) name. */
    static Kiln load(KilnSettings settings) {
        return new Kiln(LoadStage.load(settings, VERSION));
    }

    /** The loaded project. */
    public Project project() {
        return context.project();
    }

    /** The active target. */
    public TargetConfig target() {
        return context.target();
    }

    /** The target's SQL dialect. */
    public Dialect dialect() {
        return context.dialect();
    }

    /** The project vars with overrides applied. */
    public Map<String, Object> vars() {
        return context.vars();
    }

    /**
     * Where artifacts ({@code compiled/}, {@code manifest.json}, {@code run_results.json}) are
     * written: {@link KilnBuilder#targetPath}, else the project's {@code target-path}. Absolute.
     */
    public Path targetDir() {
        return context.targetDir();
    }

    /**
     * Renders, links and analyses every node (once; later calls return the same result) and
     * writes {@code target/compiled/**} and {@code target/manifest.json}. A syntax error or a read
     * of a Kiln-managed relation without {@code ref()} (and, with {@link KilnBuilder#strict},
     * SQL Calcite cannot analyse) is a {@link KilnException} ({@link ErrorCode#PROJECT_INVALID})
     * naming the model's file, line and column: nothing runs.
     */
    public CompiledProject compile() {
        return compiler.compile();
    }

    /**
     * Like {@link #compile()}; with {@link KilnBuilder#defer}, the selected nodes' SQL reads every
     * model, seed and snapshot that is not selected from the {@code --state} run, and the
     * artifacts are written again to show it. No warehouse is asked, so this defers whatever is
     * unselected, as {@code --favor-state} would; a node the state manifest lacks keeps its own
     * relation, with a warning.
     */
    public CompiledProject compile(Selection selection) {
        return compiler.compile(c -> selector.choose(c, selection));
    }

    /**
     * What the analysis of the compiled project found: the relations each model reads, its
     * column lineage ({@link AnalysisReport#lineage()}) and the diagnostics. Compiles first if
     * needed; analyses now if compiling did not ({@link KilnBuilder#analyze(boolean)}).
     */
    public AnalysisReport analysis() {
        return compiler.analysis();
    }

    /** {@code kiln run}: builds the selected models. */
    public RunResults run(Selection selection) {
        return execute(Command.RUN, selection, RunOptions.DEFAULTS);
    }

    /** {@code kiln seed}: loads the selected seeds. */
    public RunResults seed(Selection selection) {
        return execute(Command.SEED, selection, RunOptions.DEFAULTS);
    }

    /** {@code kiln test}: runs the selected data tests. */
    public RunResults test(Selection selection) {
        return execute(Command.TEST, selection, RunOptions.DEFAULTS);
    }

    /** {@code kiln build}: seeds, snapshots, models and tests in DAG order. */
    public RunResults build(Selection selection) {
        return execute(Command.BUILD, selection, RunOptions.DEFAULTS);
    }

    /**
     * {@code kiln load}: runs the loads of the selected source tables ({@code -s source:app});
     * with no selection, every load.
     */
    public RunResults load(Selection selection) {
        return execute(Command.LOAD, selection, RunOptions.DEFAULTS);
    }

    /**
     * {@code kiln sync}: runs the selected exposures that have a {@code sync:} block, each after
     * the data tests of what it reads passed (a failing test skips it). With {@code dryRun}, the
     * destinations only work out and write under {@code target/sync/<exposure>/} what they would
     * send.
     */
    public RunResults sync(Selection selection, boolean dryRun) {
        return execute(Command.SYNC, selection, RunOptions.DEFAULTS.withDryRun(dryRun));
    }

    /**
     * {@code kiln report}: writes the selected exposures that have a {@code report:} block, each
     * after the data tests of what it reads passed.
     */
    public RunResults report(Selection selection) {
        return execute(Command.REPORT, selection, RunOptions.DEFAULTS);
    }

    /** {@code kiln snapshot}: runs the selected snapshots. */
    public RunResults snapshot(Selection selection) {
        return execute(Command.SNAPSHOT, selection, RunOptions.DEFAULTS);
    }

    /**
     * What {@code command} would run, without running it. Planned from a compile that does not
     * ask the warehouse, so {@code is_incremental()} is false in the plan's SQL, and without
     * {@code --defer}, which needs to know what the warehouse holds.
     */
    public ExecutionPlan plan(Command command, Selection selection) {
        CompiledProject compiled = compile();
        return planner.plan(compiled, command, list(selection));
    }

    /**
     * Runs {@code command} on the selected nodes: connects, compiles against the warehouse's
     * current state, plans, runs on the target's threads, and writes {@code run_results.json}.
     */
    public RunResults execute(Command command, Selection selection, RunOptions options) {
        return runs.execute(command, selection, options);
    }

    /**
     * {@code kiln retry}: re-runs the nodes that errored, failed or were skipped in the last
     * {@code run_results.json}, with the same command.
     */
    public RunResults retry(RunOptions options) {
        return runs.retry(options);
    }

    /**
     * Reads the columns of the sources that neither YAML nor local files describe from where they
     * live (their relation in the target, or the CSV header / Parquet footer of their
     * {@code s3://} files) and keeps them in {@code target/source_columns.json}, so that column
     * lineage and {@code columns_complete} know them, in this run and in later offline compiles.
     * {@code build}, {@code run} and the other commands that run nodes do this themselves; call it
     * before {@link #compile()} or {@link #analysis()} in a command that connects anyway
     * ({@code docs generate}). Connects to the target. A source that cannot be read is a warning.
     *
     * @return whether the columns changed since they were last read
     */
    public boolean readSourceColumns() {
        return compiler.readSourceColumns();
    }

    /** Cancels the running command: running statements are aborted, pending nodes skipped. */
    public void cancel() {
        runs.cancel();
    }

    /** {@code kiln show}: the first {@code limit} rows of the one node {@code selection} picks. */
    public QueryRows show(Selection selection, int limit) {
        return warehouse.show(selection, limit);
    }

    /**
     * {@code kiln source freshness}: how old the newest row of each selected source is,
     * against its {@code warn_after} / {@code error_after}; writes {@code target/sources.json}.
     * Specs are {@code source:NAME}, {@code source:NAME.TABLE} or a table name; none selects
     * every source with a freshness config.
     */
    public FreshnessReport sourceFreshness(Selection selection) {
        return warehouse.sourceFreshness(selection);
    }

    /**
     * {@code kiln parse}: loads and compiles the project without the warehouse, writes
     * {@code manifest.json} and {@code perf_info.json} (how long each stage took) to
     * {@link #targetDir()}.
     *
     * @return the compiled project
     */
    public CompiledProject parse() {
        return compiler.parse();
    }

    /** How long each stage took so far ({@code load}, {@code render}, {@code link}, {@code analyze}, {@code write}). */
    public Map<String, Duration> timings() {
        return context.timings();
    }

    /**
     * {@code kiln show --inline SQL}: the first {@code limit} rows of an ad-hoc query, templated
     * like a model ({@code ${ref('x')}}, {@code ${source('s', 't')}}, vars and macros).
     * Nothing is written to the warehouse.
     *
     * @param sql   a SELECT, templated
     * @param limit how many rows at most
     * @return the rows ({@code truncated} when there were more)
     */
    public QueryRows showInline(String sql, int limit) {
        return warehouse.showInline(sql, limit);
    }

    /**
     * {@code kiln run-operation MACRO --args '{…}'}: renders a macro of the project's macro files
     * with named arguments, then runs each statement of the SQL it renders, in order, on one
     * session. A failing statement stops the operation: a {@link KilnException}
     * ({@link ErrorCode#EXECUTION_FAILED}) at the macro's file and line.
     *
     * @param macro the macro's name ({@code package.name} for a package's)
     * @param args  its arguments by parameter name
     * @return the statements and what each returned
     */
    public OperationResult runOperation(String macro, Map<String, Object> args) {
        return warehouse.runOperation(macro, args);
    }

    /**
     * Connects to the target's warehouse and runs {@code select 1} ({@code kiln debug}).
     *
     * @return the warehouse's version (if the adapter can tell) and how long it took
     * @throws KilnException when the adapter cannot connect or the query fails
     */
    public ConnectionCheck checkConnection() {
        return warehouse.checkConnection();
    }

    /**
     * {@code kiln clone -s … --state DIR}: makes each selected model, seed and snapshot exist in
     * this target by pointing it at its relation in the {@code --state} run (dbt's clone). On
     * {@code mode} AUTO it is a view when that relation is in the target's database, otherwise a
     * table copy. Relations the target already has are left alone unless {@code fullRefresh}.
     *
     * @param selection   the nodes to clone
     * @param mode        views, tables or either
     * @param fullRefresh replace relations that exist
     * @param progress    told about each node as it is done
     * @return every node's outcome
     */
    public CloneResult clone(Selection selection, CloneMode mode, boolean fullRefresh,
                             Consumer<CloneResult.Cloned> progress) {
        return warehouse.clone(selection, mode, fullRefresh, progress);
    }

    /**
     * What the warehouse says about {@code relations} (for {@code catalog.json} and the docs
     * site): for each one that exists, its columns with their types and the statistics the
     * warehouse keeps, read from its metadata without scanning data; see
     * {@link dev.kiln.spi.Session#catalog}. Connects to the target.
     */
    public List<dev.kiln.spi.CatalogEntry> catalog(Collection<Relation> relations) {
        return warehouse.catalog(relations);
    }

    /**
     * The selected nodes, parents before children (compiling first if needed). A spec that
     * matches nothing is a warning ({@code nothing-selected}) naming it, with a did-you-mean.
     */
    public List<CompiledNode> list(Selection selection) {
        return selector.choose(compile(), selection);
    }

    /** Releases connections and threads. */
    @Override
    public void close() {
        context.close();
    }
}
