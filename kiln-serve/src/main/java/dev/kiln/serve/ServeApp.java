package dev.kiln.serve;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Exposure;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.ResourceType;
import dev.kiln.TestMetadata;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * A served API, ready to answer: the serve specs, the models they publish, the replica and
 * the {@link ApiHandler}. Transport-free: {@link KilnServer} puts it on HTTP, {@link LambdaHandler}
 * on AWS Lambda.
 *
 * <pre>{@code
 * try (Kiln kiln = Kiln.configure().projectDir(dir).load();
 *      ServeApp app = ServeApp.open(kiln, List.of(kiln.project().exposure("segmentation_api").orElseThrow()))) {
 *     ApiResponse r = app.handler().handle(ApiRequest.of("GET", "/users/42/segment", "", Map.of(), "test"));
 * }
 * }</pre>
 */
public final class ServeApp implements AutoCloseable {

    /** Read connections of the replica. */
    public static final int READ_CONNECTIONS = 32;

    private final List<ServeSpec> specs;
    private final List<ServedModel> models;
    private final List<EndpointHandler> endpoints;
    private final ReplicaSource source;
    private final Replica replica;
    private final ApiHandler handler;

    private ServeApp(List<ServeSpec> specs, Map<String, ServedModel> models, ReplicaSource source, String title,
                     String version) {
        this.specs = List.copyOf(specs);
        this.models = List.copyOf(models.values());
        this.source = source;
        List<EndpointHandler> eps = new ArrayList<>();
        for (ServeSpec s : specs) {
            for (ServeSpec.Endpoint e : s.endpoints()) {
                eps.add(new EndpointHandler(s, e, models.get(e.model())));
            }
        }
        this.endpoints = List.copyOf(eps);
        this.replica = new Replica(READ_CONNECTIONS);
        this.handler = new ApiHandler(endpoints, replica, new OpenApi(endpoints, title, version));
    }

    /**
     * Opens the API of {@code specs} over {@code models} (by name) and loads the first copy of
     * the data from {@code source}.
     *
     * @throws KilnException when a path clashes across exposures, a model is missing or not built,
     *                       or an endpoint names a column the model lacks
     */
    public static ServeApp open(List<ServeSpec> specs, Map<String, ServedModel> models, ReplicaSource source,
                                String title, String version) {
        List<Diagnostic> problems = new ArrayList<>();
        List<ServeSpec.Endpoint> seen = new ArrayList<>();
        List<ServeSpec> seenSpec = new ArrayList<>();
        for (ServeSpec s : specs) {
            for (ServeSpec.Endpoint e : s.endpoints()) {
                for (int i = 0; i < seen.size(); i++) {
                    if (seenSpec.get(i) != s && seen.get(i).path().overlaps(e.path())) {
                        problems.add(Diagnostic.error("serve-path-conflict", s.exposure().positionOf(e.key("path")),
                                "Endpoint path '" + e.path().text() + "' of exposure '" + s.exposure().name()
                                        + "' clashes with '" + seen.get(i).path().text() + "' of exposure '"
                                        + seenSpec.get(i).exposure().name() + "'.", "Serve them apart or rename a path."));
                    }
                }
                seen.add(e);
                seenSpec.add(s);
                if (!models.containsKey(e.model())) {
                    problems.add(Diagnostic.error("serve-model", s.exposure().positionOf(e.key("model")),
                            "Endpoint " + e.path().text() + " publishes '" + e.model() + "', which is not a model.",
                            dev.kiln.internal.util.Suggest.didYouMean(e.model(), models.keySet(), "Name a model of the project.")));
                }
            }
        }
        KilnException.throwIfErrors(problems);
        ServeApp app = new ServeApp(specs, models, source, title, version);
        try {
            app.refresh();
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /**
     * Opens the API of the serve {@code exposures} of a loaded project: the models come from the
     * project (descriptions; unique keys from {@code unique} and
     * {@code unique_combination_of_columns} tests and {@code primary_key} / {@code unique}
     * constraints), the data from the target through its adapter.
     */
    public static ServeApp open(Kiln kiln, List<Exposure> exposures) {
        List<Diagnostic> problems = new ArrayList<>();
        List<ServeSpec> specs = new ArrayList<>();
        for (Exposure e : exposures) {
            try {
                specs.add(ServeSpec.of(e));
            } catch (KilnException bad) {
                problems.addAll(bad.diagnostics());
            }
        }
        KilnException.throwIfErrors(problems);
        CompiledProject compiled = kiln.compile();
        Map<String, ServedModel> models = new LinkedHashMap<>();
        for (ServeSpec s : specs) {
            for (ServeSpec.Endpoint ep : s.endpoints()) {
                if (models.containsKey(ep.model())) {
                    continue;
                }
                var node = kiln.project().refable(ep.model());
                CompiledNode c = node.flatMap(n -> compiled.node(n.uniqueId())).orElse(null);
                if (c == null) {
                    problems.add(Diagnostic.error("serve-model", s.exposure().positionOf(ep.key("model")), "Endpoint "
                            + ep.path().text() + " publishes '" + ep.model() + "', which is not a model, seed or "
                            + "snapshot of the project.", "Name one, e.g. model: " + firstModel(kiln)));
                } else if (c.relation() == null) {
                    problems.add(Diagnostic.error("serve-model", s.exposure().positionOf(ep.key("model")), "Model '"
                            + ep.model() + "' is ephemeral: it has no table or view to serve.",
                            "Materialize it as a table (config: {materialized: table})."));
                } else {
                    models.put(ep.model(), served(kiln, c));
                }
            }
        }
        KilnException.throwIfErrors(problems);
        ReplicaSource source = source(kiln, models.values());
        String title = String.join(", ", exposures.stream().map(e -> e.label().isBlank() ? e.name() : e.label()).toList());
        return open(specs, models, source, title, kiln.project().config().version());
    }

    private static String firstModel(Kiln kiln) {
        return kiln.project().allNodes().stream().filter(n -> n.resourceType() == ResourceType.MODEL)
                .map(Node::name).sorted().findFirst().orElse("my_model");
    }

    private static ServedModel served(Kiln kiln, CompiledNode c) {
        Node node = c.node();
        Map<String, String> docs = new LinkedHashMap<>();
        node.docs().columns().forEach(col -> docs.put(col.name(), col.description()));
        List<Set<String>> keys = new ArrayList<>();
        for (dev.kiln.Constraint k : node.docs().constraints()) {
            if (k.identifiesRows()) {
                keys.add(new LinkedHashSet<>(k.columns()));
            }
        }
        for (Node n : kiln.project().allNodes()) {
            TestMetadata t = n.test();
            if (t == null || !node.uniqueId().equals(t.attachedNode())) {
                continue;
            }
            String name = t.name().substring(t.name().lastIndexOf('.') + 1);
            if (name.equals("unique") && t.columnName() != null) {
                keys.add(Set.of(t.columnName()));
            } else if (name.equals("unique_combination_of_columns")
                    && t.kwargs().get("combination_of_columns") instanceof List<?> cols) {
                Set<String> k = new LinkedHashSet<>();
                cols.forEach(x -> k.add(String.valueOf(x)));
                keys.add(k);
            }
        }
        return new ServedModel(node.name(), c.relation(), node.docs().description(), docs, keys);
    }

    /**
     * The DuckDB file attached directly when the target is a DuckDB file holding every served
     * model; otherwise rows streamed through the target's adapter.
     */
    static ReplicaSource source(Kiln kiln, java.util.Collection<ServedModel> models) {
        Object path = kiln.target().settings().get("path");
        if (kiln.target().type().equals("duckdb") && path != null && !String.valueOf(path).isBlank()
                && !String.valueOf(path).equals(":memory:")) {
            java.nio.file.Path file = kiln.project().config().root().resolve(String.valueOf(path)).toAbsolutePath().normalize();
            String name = file.getFileName().toString();
            String catalog = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            if (models.stream().allMatch(m -> m.relation().database() == null || m.relation().database().equals(catalog))) {
                return new DuckDbFileReplicaSource(file);
            }
        }
        return new AdapterReplicaSource(provider(kiln), new AdapterContext(kiln.target(), kiln.project().config().root()));
    }

    private static AdapterProvider provider(Kiln kiln) {
        for (AdapterProvider p : ServiceLoader.load(AdapterProvider.class, ServeApp.class.getClassLoader())) {
            if (p.type().equals(kiln.target().type())) {
                return p;
            }
        }
        throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "No adapter for type '" + kiln.target().type()
                + "' on the class path of kiln serve.");
    }

    /**
     * Copies the data again and serves the new copy, once the key indexes of its one-row
     * endpoints are built; on failure the previous copy stays served.
     *
     * @throws KilnException saying what failed (a model not built, the warehouse busy, a column gone)
     */
    public ReplicaVersion refresh() {
        return replica.refresh(source, models, tables -> {
            List<Diagnostic> problems = new ArrayList<>();
            for (EndpointHandler e : endpoints) {
                problems.addAll(e.check(tables.get(e.model().name())));
            }
            KilnException.throwIfErrors(problems);
        }, (number, tables, connection) -> {
            for (EndpointHandler e : endpoints) {
                try {
                    e.prepareIndex(number, tables.get(e.model().name()), connection);
                } catch (java.sql.SQLException | RuntimeException ex) {
                    org.slf4j.LoggerFactory.getLogger(ServeApp.class).warn("Key index of {} not built before serving: {}"
                            + " (requests query the database until it is built in the background)",
                            e.endpoint().path().text(), ex.getMessage());
                }
            }
        });
    }

    /** The endpoints served. */
    List<EndpointHandler> endpoints() {
        return endpoints;
    }

    /** The request handling. */
    public ApiHandler handler() {
        return handler;
    }

    /** The replica. */
    public Replica replica() {
        return replica;
    }

    /** The serve specs. */
    public List<ServeSpec> specs() {
        return specs;
    }

    /** Whether every exposure served needs an API key. */
    public boolean secured() {
        return specs.stream().allMatch(ServeSpec::secured);
    }

    /** The endpoints, as {@code GET path → model} lines for a startup message. */
    public List<String> describeEndpoints() {
        List<String> out = new ArrayList<>();
        endpoints.forEach(e -> out.add("GET " + e.endpoint().path().text() + " → " + e.model().name()
                + (e.single() ? " (one row)" : " (pages of " + e.endpoint().pageSize() + ")")
                + (e.spec().secured() ? ", API key" : "")));
        return out;
    }

    @Override
    public void close() {
        replica.close();
    }
}
