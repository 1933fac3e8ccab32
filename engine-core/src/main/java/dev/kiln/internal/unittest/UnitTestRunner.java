package dev.kiln.internal.unittest;

import dev.kiln.CompiledNode;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Project;
import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.TargetConfig;
import dev.kiln.UnitTestSpec;
import dev.kiln.internal.render.Placeholders;
import dev.kiln.internal.render.RelationNamer;
import dev.kiln.internal.render.RenderContext;
import dev.kiln.internal.render.RenderedNode;
import dev.kiln.internal.render.Renderer;
import dev.kiln.internal.render.TemplateEngine;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a YAML unit test on a fresh in-memory database (of the first adapter that offers one,
 * {@link AdapterProvider#inMemoryTarget()}: DuckDB's), never touching the target: the model is
 * rendered with the test's {@code overrides}, every {@code given} input becomes a table of its
 * rows under the relation name the model reads, and the model's rows are compared with
 * {@code expect}. When {@code this} is given, the model runs as an incremental build on top of
 * those rows and its final table is compared.
 */
public final class UnitTestRunner {

    private static final Pattern REF = Pattern.compile("ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)");
    private static final Pattern SOURCE = Pattern.compile("source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");

    private final Project project;
    private final Project fixtureProject;
    private final AdapterProvider engine;
    private final TargetConfig engineTarget;
    private final Map<String, Object> vars;
    private final Function<String, String> env;

    /**
     * @param project the project
     * @param vars    project vars with command-line overrides
     * @param env     environment lookup
     */
    public UnitTestRunner(Project project, Map<String, Object> vars, Function<String, String> env) {
        this.project = project;
        this.fixtureProject = withTableSources(project);
        this.engine = findInMemoryEngine();
        this.engineTarget = new TargetConfig("unit_test", engine.type(), engine.inMemoryTarget().orElseThrow(),
                SourcePosition.of(Path.of("kiln.yml")));
        this.vars = vars;
        this.env = env;
    }

    /** Runs one unit test. */
    public NodeResult run(UnitTestSpec spec) {
        Instant start = Instant.now();
        try (Adapter adapter = engine.open(new AdapterContext(engineTarget, project.config().root()));
             Session session = adapter.openSession()) {
            String failure = check(spec, adapter, session);
            return new NodeResult(spec.uniqueId(), failure == null ? NodeStatus.PASS : NodeStatus.FAIL, start,
                    Duration.between(start, Instant.now()), failure == null ? "PASS" : failure, -1, failure == null ? 0 : 1,
                    Map.of());
        } catch (KilnException e) {
            return new NodeResult(spec.uniqueId(), NodeStatus.ERROR, start, Duration.between(start, Instant.now()),
                    "unit test '" + spec.name() + "' (" + spec.origin().position() + "): " + e.describe(), -1, 0, Map.of());
        }
    }

    private String check(UnitTestSpec spec, Adapter adapter, Session session) {
        Node model = project.refable(spec.model()).orElseThrow(() -> new KilnException(ErrorCode.PROJECT_INVALID,
                "its model '" + spec.model() + "' does not exist."));
        Dialect dialect = adapter.dialect();
        TargetConfig target = engineTarget;
        RelationNamer namer = new RelationNamer(target, dialect);
        boolean incremental = spec.given().stream().anyMatch(g -> g.input().equals("this"));
        Map<String, Object> testVars = new LinkedHashMap<>(vars);
        testVars.putAll(map(spec.overrides().get("vars")));
        Map<String, Object> envOverrides = map(spec.overrides().get("env_vars"));
        Function<String, String> testEnv = k -> envOverrides.containsKey(k) ? String.valueOf(envOverrides.get(k)) : env.apply(k);
        RenderContext ctx = new RenderContext(fixtureProject, target, dialect, testVars, testEnv, r -> incremental, false);
        List<Diagnostic> problems = new ArrayList<>();
        RenderedNode rendered = new Renderer(ctx, new TemplateEngine(fixtureProject, dialect)).render(model, problems);
        KilnException.throwIfErrors(problems);
        Relation self = namer.relation(rendered.node(), rendered.node().config());
        Map<String, Relation> relations = new HashMap<>();
        for (String id : rendered.dependsOn()) {
            Node n = project.nodes().get(id);
            relations.put(id, namer.relation(n, n.config()));
        }
        relations.put(model.uniqueId(), self);
        String sql = Placeholders.replace(rendered.sql(), id -> dialect.render(relations.get(id)));
        createInputs(spec, rendered, relations, self, dialect, session);

        List<Map<String, Object>> actual;
        if (incremental) {
            CompiledNode node = new CompiledNode(rendered.node(), sql, self, rendered.dependsOn(), rendered.sources());
            adapter.materializer().incremental(new BuildRequest(node, self, session, false, project.config().root()));
            actual = rows(session.query("select * from " + dialect.render(self), Integer.MAX_VALUE));
        } else {
            actual = rows(session.query(sql, Integer.MAX_VALUE));
        }
        List<Map<String, Object>> expected = spec.expectIsSql()
                ? rows(session.query(spec.expectText().strip().replaceAll(";+$", ""), Integer.MAX_VALUE)) : spec.expect();
        List<String> columns = new ArrayList<>(new LinkedHashSet<>(expected.stream()
                .flatMap(r -> r.keySet().stream()).toList()));
        if (!actual.isEmpty()) {
            Set<String> have = new LinkedHashSet<>();
            actual.get(0).keySet().forEach(k -> have.add(k.toLowerCase(java.util.Locale.ROOT)));
            for (String c : columns) {
                if (!have.contains(c.toLowerCase(java.util.Locale.ROOT))) {
                    return "expected column '" + c + "' is not in the output of " + spec.model() + " (columns: "
                            + String.join(", ", actual.get(0).keySet()) + ")";
                }
            }
        }
        String diff = RowComparison.diff(columns, expected, actual);
        return diff == null ? null : "unit test '" + spec.name() + "' of " + spec.model() + " failed: " + diff;
    }

    private void createInputs(UnitTestSpec spec, RenderedNode rendered, Map<String, Relation> relations, Relation self,
                              Dialect dialect, Session session) {
        Set<String> given = new LinkedHashSet<>();
        for (UnitTestSpec.Given g : spec.given()) {
            String id = inputId(g);
            Relation r;
            List<String> documented;
            if (id.equals("this")) {
                r = self;
                documented = List.of();
            } else if (id.startsWith("source.")) {
                SourceTable t = fixtureProject.sources().get(id);
                r = t.relation();
                documented = t.docs().columns().stream().map(c -> c.name()).toList();
            } else {
                r = relations.computeIfAbsent(id, k -> {
                    Node n = project.nodes().get(k);
                    return Relation.of(n.config().schema().orElse("main"), n.config().alias().orElse(n.name()));
                });
                documented = project.nodes().get(id).docs().columns().stream().map(c -> c.name()).toList();
            }
            given.add(id);
            session.ensureSchema(r.schema());
            session.execute(dialect.createTableAs(r, FixtureTable.select(g, documented, dialect)));
        }
        for (String id : rendered.dependsOn()) {
            if (!given.contains(id)) {
                throw new KilnException(ErrorCode.PROJECT_INVALID, spec.model() + " reads ref('"
                        + project.nodes().get(id).name() + "') but 'given' has no rows for it. Add - input: ref('"
                        + project.nodes().get(id).name() + "') with rows: [].");
            }
        }
        for (String id : rendered.sources()) {
            if (!given.contains(id)) {
                SourceTable t = project.sources().get(id);
                throw new KilnException(ErrorCode.PROJECT_INVALID, spec.model() + " reads source('" + t.sourceName()
                        + "', '" + t.name() + "') but 'given' has no rows for it.");
            }
        }
    }

    private String inputId(UnitTestSpec.Given g) {
        String input = g.input();
        if (input.equals("this")) {
            return "this";
        }
        Matcher ref = REF.matcher(input);
        if (ref.matches()) {
            return project.refable(ref.group(1)).map(Node::uniqueId).orElseThrow(() -> new KilnException(
                    ErrorCode.PROJECT_INVALID, g.position() + ": input " + input + " names no model, seed or snapshot."));
        }
        Matcher src = SOURCE.matcher(input);
        if (src.matches()) {
            return project.source(src.group(1), src.group(2)).map(SourceTable::uniqueId).orElseThrow(() ->
                    new KilnException(ErrorCode.PROJECT_INVALID, g.position() + ": input " + input + " is not a declared source."));
        }
        throw new KilnException(ErrorCode.PROJECT_INVALID, g.position() + ": input '" + input
                + "' must be ref('model'), source('source', 'table') or this.");
    }

    private static List<Map<String, Object>> rows(QueryResult r) {
        List<Map<String, Object>> out = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.columns().size(); i++) {
                m.put(r.columns().get(i), row.get(i));
            }
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The project with every source read as a plain table, so fixtures can stand in for files. */
    private static Project withTableSources(Project p) {
        Map<String, SourceTable> sources = new LinkedHashMap<>();
        p.sources().forEach((id, t) -> sources.put(id, new SourceTable(t.uniqueId(), t.sourceName(), t.name(),
                Relation.of(t.relation().schema(), t.relation().identifier()), null, t.loadedAtField(), t.freshness(),
                t.docs(), t.origin())));
        return new Project(p.config(), p.nodes(), sources, p.unitTests(), p.macros(), p.warnings(), p.exposures());
    }

    /** The first adapter on the class path that can open a private in-memory database ({@link AdapterProvider#inMemoryTarget()}). */
    private static AdapterProvider findInMemoryEngine() {
        for (AdapterProvider p : java.util.ServiceLoader.load(AdapterProvider.class, UnitTestRunner.class.getClassLoader())) {
            if (p.inMemoryTarget().isPresent()) {
                return p;
            }
        }
        throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Unit tests run on an in-memory database, and no adapter"
                + " on the class path offers one (dev.kiln:engine-duckdb does): add it to the class path.");
    }
}
