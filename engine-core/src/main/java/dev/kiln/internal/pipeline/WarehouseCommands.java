package dev.kiln.internal.pipeline;

import dev.kiln.CloneMode;
import dev.kiln.CloneResult;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ConnectionCheck;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.FreshnessReport;
import dev.kiln.KilnException;
import dev.kiln.OperationResult;
import dev.kiln.QueryRows;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.Selection;
import dev.kiln.SourceTable;
import dev.kiln.internal.execute.WarehouseCatalog;
import dev.kiln.internal.freshness.FreshnessChecker;
import dev.kiln.internal.freshness.SourcesJsonWriter;
import dev.kiln.internal.render.RenderContext;
import dev.kiln.internal.render.TemplateEngine;
import dev.kiln.internal.report.ManifestMetadata;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The commands that ask the warehouse outside a run of the DAG: {@code show} (a node's rows,
 * deferred with {@code --defer}), {@code show --inline} and {@code run-operation} (templated
 * ad-hoc SQL), {@code debug} (the connection), the catalog, {@code clone} and
 * {@code source freshness}. Rows come back as the API's {@link QueryRows}.
 */
public final class WarehouseCommands {

    private final KilnContext ctx;
    private final CompilePipeline compiler;
    private final SelectStage selector;

    /** The warehouse commands of {@code ctx}, compiling with {@code compiler}. */
    public WarehouseCommands(KilnContext ctx, CompilePipeline compiler, SelectStage selector) {
        this.ctx = ctx;
        this.compiler = compiler;
        this.selector = selector;
    }

    /** {@code kiln show}: the first {@code limit} rows of the one node {@code selection} picks. */
    public QueryRows show(Selection selection, int limit) {
        List<CompiledNode> nodes = list(selection).stream()
                .filter(n -> n.resourceType() != ResourceType.TEST && n.resourceType() != ResourceType.SEED
                        || n.relation() != null).toList();
        if (nodes.size() != 1) {
            throw new KilnException(ErrorCode.USAGE, "show needs a selection of exactly one model, not "
                    + nodes.size() + " (" + String.join(", ", nodes.stream().limit(5).map(CompiledNode::name).toList())
                    + (nodes.size() > 5 ? ", …" : "") + ").");
        }
        CompiledNode node = nodes.get(0);
        if (ctx.settings().defer() && node.resourceType() != ResourceType.SEED) {
            WarehouseCatalog catalog = new WarehouseCatalog(adapter(), compiler.schemas());
            node = compiler.defer(compiler.current(), List.of(node.uniqueId()), catalog::exists).node(node.uniqueId()).orElse(node);
        }
        try (Session s = adapter().openSession()) {
            // a seed, and a snapshot once built, show their table; a snapshot not built yet shows what it would record
            boolean table = node.resourceType() == ResourceType.SEED || node.resourceType() == ResourceType.SNAPSHOT
                    && node.relation() != null && s.describe(node.relation()).isPresent();
            String sql = table ? "select * from " + ctx.dialect().render(node.relation()) : node.compiledSql();
            return rows(s.query(ctx.dialect().limit(sql, limit + 1), limit));
        }
    }

    /**
     * {@code kiln source freshness}: how old the newest row of each selected source is,
     * against its {@code warn_after} / {@code error_after}; writes {@code target/sources.json}.
     * Specs are {@code source:NAME}, {@code source:NAME.TABLE} or a table name; none selects
     * every source with a freshness config.
     */
    public FreshnessReport sourceFreshness(Selection selection) {
        java.util.function.Predicate<SourceTable> chosen = t -> selection.select().isEmpty()
                || selection.select().stream().anyMatch(spec -> {
                    String s = spec.startsWith("source:") ? spec.substring(7) : spec;
                    return s.equals(t.sourceName()) || s.equals(t.sourceName() + "." + t.name()) || s.equals(t.name());
                });
        FreshnessChecker checker = new FreshnessChecker(ctx.project(), ctx.dialect());
        checker.plan(chosen);
        Adapter adapter = adapter();
        FreshnessReport report = checker.check(adapter::openSession, ctx.target().threads(), null, chosen);
        new SourcesJsonWriter(ctx.targetDir()).write(report, metadata());
        return report;
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
        CompiledProject compiled = compile();
        dev.kiln.internal.render.AdHocTemplate.Rendered r = adHoc().render("inline", sql);
        String resolved = resolveRefs(r.sql(), compiled, ctx.settings().defer());
        if (dev.kiln.internal.render.SqlStatements.split(resolved).size() != 1) {
            throw new KilnException(ErrorCode.USAGE, "show --inline takes one query, not "
                    + dev.kiln.internal.render.SqlStatements.split(resolved).size() + " statements.");
        }
        try (Session s = adapter().openSession()) {
            return rows(s.query(ctx.dialect().limit(dev.kiln.internal.render.SqlStatements.split(resolved).get(0), limit + 1),
                    limit));
        }
    }

    /** The adapter's rows as the API's type. */
    private static QueryRows rows(QueryResult r) {
        return new QueryRows(r.columns(), r.types(), r.rows(), r.truncated());
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
        CompiledProject compiled = compile();
        dev.kiln.internal.render.AdHocTemplate.Rendered r = adHoc().call(macro, args);
        List<String> statements = dev.kiln.internal.render.SqlStatements.split(resolveRefs(r.sql(), compiled, false));
        List<OperationResult.Statement> done = new ArrayList<>();
        if (statements.isEmpty()) {
            return new OperationResult(macro, r.macro(), done);
        }
        try (Session s = adapter().openSession()) {
            for (String sql : statements) {
                try {
                    done.add(dev.kiln.internal.render.SqlStatements.returnsRows(sql)
                            ? new OperationResult.Statement(sql, rows(s.query(sql, 10_000)), -1)
                            : new OperationResult.Statement(sql, null, s.execute(sql)));
                } catch (KilnException e) {
                    String msg = "Operation '" + macro + "' failed at statement " + (done.size() + 1) + " of "
                            + statements.size() + ": " + e.getMessage();
                    throw new KilnException(ErrorCode.EXECUTION_FAILED, msg, List.of(Diagnostic.error("operation-failed",
                            r.macro(), msg, "The statement was:\n" + sql)));
                }
            }
        }
        return new OperationResult(macro, r.macro(), done);
    }

    /**
     * Connects to the target's warehouse and runs {@code select 1} ({@code kiln debug}).
     *
     * @return the warehouse's version (if the adapter can tell) and how long it took
     * @throws KilnException when the adapter cannot connect or the query fails
     */
    public ConnectionCheck checkConnection() {
        Instant start = Instant.now();
        Adapter adapter = adapter();
        try (Session s = adapter.openSession()) {
            s.query("select 1", 1);
            String version = adapter.version(s).orElse(null);
            return new ConnectionCheck(version, Duration.between(start, Instant.now()));
        }
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
                             java.util.function.Consumer<CloneResult.Cloned> progress) {
        if (ctx.state() == null) {
            throw new KilnException(ErrorCode.USAGE, "clone needs --ctx.state() DIR: the ctx.target() directory of the run to clone "
                    + "from (production's, say), which holds its manifest.json.");
        }
        List<CompiledNode> chosen = list(selection);
        Adapter adapter = adapter();
        try (Session s = adapter.openSession()) {
            return new dev.kiln.internal.execute.Cloner(new dev.kiln.internal.execute.Cloner.Settings(ctx.state(), ctx.dialect(),
                    ctx.dialect().defaultDatabase(), mode, fullRefresh)).clone(chosen, s, progress);
        }
    }

    private dev.kiln.internal.render.AdHocTemplate adHoc() {
        return new dev.kiln.internal.render.AdHocTemplate(new RenderContext(ctx.project(), ctx.target(), ctx.dialect(), ctx.vars(), ctx.settings().env(),
                r -> false, false, new dev.kiln.internal.execute.AdapterWarehouse(this::sharedAdapter)),
                new TemplateEngine(ctx.project(), ctx.dialect()));
    }

    /**
     * Refs in ad-hoc SQL: a node's relation, an ephemeral model as a subquery. With {@code defer},
     * a node this target lacks (any node, with {@code --favor-state}) reads the {@code --state}
     * run's relation, when that run recorded one.
     */
    private String resolveRefs(String sql, CompiledProject compiled, boolean defer) {
        java.util.function.Predicate<Relation> exists = defer && !ctx.settings().favorState()
                ? new WarehouseCatalog(adapter(), compiler.schemas())::exists : r -> false;
        return dev.kiln.internal.render.Placeholders.replace(sql, id -> compiled.node(id).map(n -> {
            if (n.relation() == null) {
                return "(" + n.compiledSql().strip() + ")";
            }
            if (defer && !exists.test(n.relation())) {
                Relation recorded = ctx.state().node(id).map(PreviousManifest.NodeState::relation)
                        .filter(rr -> rr != null && rr.alias() != null)
                        .map(PreviousManifest.RecordedRelation::toRelation).orElse(null);
                if (recorded != null) {
                    return ctx.dialect().render(recorded);
                }
            }
            return ctx.dialect().render(n.relation());
        }).orElse(id));
    }

    /**
     * What the warehouse says about {@code relations} (for {@code catalog.json} and the docs
     * site): for each one that exists, its columns with their types and the statistics the
     * warehouse keeps, read from its metadata without scanning data; see
     * {@link Session#catalog}. Connects to the target.
     */
    public List<dev.kiln.spi.CatalogEntry> catalog(java.util.Collection<Relation> relations) {
        try (Session s = adapter().openSession()) {
            return s.catalog(relations);
        }
    }

    private CompiledProject compile() {
        return compiler.compile();
    }

    private List<CompiledNode> list(Selection selection) {
        return selector.choose(compiler.compile(), selection);
    }

    private Adapter adapter() {
        return ctx.adapter();
    }

    private Adapter sharedAdapter() {
        return ctx.sharedAdapter();
    }

    private ManifestMetadata metadata() {
        return ctx.metadata();
    }
}
