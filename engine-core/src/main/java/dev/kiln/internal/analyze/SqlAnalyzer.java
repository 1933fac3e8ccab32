package dev.kiln.internal.analyze;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The analyze stage: checks every model's compiled SQL before anything runs. Syntax is judged
 * by the target's {@link SyntaxChecker}; Calcite parses what it can (in parallel, cached by
 * checksum under {@code target/}); then, parents first, each model's relations and column
 * lineage are resolved, and reads of Kiln-managed relations without {@code ref()} are reported.
 *
 * <pre>{@code
 * AnalysisReport report = new SqlAnalyzer(AnalyzerOptions.of(dialect)
 *         .withCacheDir(targetDir.resolve("analysis-cache"))).analyze(compiled);
 * KilnException.throwIfErrors(report.diagnostics());
 * }</pre>
 *
 * Models, snapshots and singular tests are analysed (tests for relations only); seeds and
 * generic tests are not.
 */
public final class SqlAnalyzer {

    /** The snapshot columns Kiln adds. */
    static final List<String> SNAPSHOT_COLUMNS = List.of("kiln_scd_id", "kiln_updated_at", "kiln_valid_from",
            "kiln_valid_to");

    private final AnalyzerOptions options;
    private final ModelParser parser;

    /** An analyzer with {@code options}. */
    public SqlAnalyzer(AnalyzerOptions options) {
        this.options = options;
        this.parser = new ModelParser(options.syntaxChecker());
    }

    /** Analyses every model of {@code project}. */
    public AnalysisReport analyze(CompiledProject project) {
        List<CompiledNode> nodes = project.nodes().stream().filter(SqlAnalyzer::analysable).toList();
        RelationCatalog catalog = new RelationCatalog(project, options);
        AnalysisCache cache = AnalysisCache.open(options.cacheDir(), options.dialect().name() + "\n"
                + (options.syntaxChecker() == null ? "no-checker" : options.syntaxChecker().id()));
        AtomicInteger parsedNow = new AtomicInteger();
        Parsed[] parsed = parseAll(nodes, catalog, cache, parsedNow);

        Positions positions = new Positions(project);
        AnalysisDiagnostics diagnostics = new AnalysisDiagnostics(positions, catalog);
        Schemas schemas = new Schemas(project);
        Set<Diagnostic> found = new LinkedHashSet<>();
        Map<String, ModelAnalysis> models = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            CompiledNode node = nodes.get(i);
            ModelAnalysis analysis = switch (parsed[i].model().status()) {
                case ERROR -> syntaxError(node, parsed[i].model(), positions, diagnostics, models, found);
                case UNKNOWN -> {
                    unknown.add(node.name());
                    if (options.strict()) {
                        found.add(diagnostics.unknown(node, parsed[i].model()));
                    }
                    yield new ModelAnalysis(node.uniqueId(), AnalysisStatus.UNKNOWN, parsed[i].model().error(), List.of(),
                            List.of(), false);
                }
                case PARSED -> resolve(node, parsed[i], catalog, schemas, diagnostics, found);
            };
            models.put(node.uniqueId(), analysis);
            schemas.analysed(node.uniqueId(), analysis);
        }
        if (!unknown.isEmpty() && !options.strict()) {
            found.add(diagnostics.unknownSummary(unknown));
        }
        cache.save();
        LineageGraph graph = new LineageGraph(models, displayNames(project));
        int parsedCount = parsedNow.get();
        return new AnalysisReport(new ArrayList<>(found), models, graph,
                new AnalysisReport.Stats(nodes.size(), parsedCount, nodes.size() - parsedCount, unknown.size()));
    }

    private static boolean analysable(CompiledNode n) {
        ResourceType t = n.resourceType();
        boolean kind = t == ResourceType.MODEL || t == ResourceType.SNAPSHOT
                || t == ResourceType.TEST && n.node().test() == null;
        return kind && n.compiledSql() != null && !n.compiledSql().isBlank();
    }

    /** A node's parse result and what its SQL declared. */
    private record Parsed(ParsedModel model, Map<String, String> renderings) {
    }

    private Parsed[] parseAll(List<CompiledNode> nodes, RelationCatalog catalog, AnalysisCache cache,
                              AtomicInteger parsedNow) {
        Parsed[] out = new Parsed[nodes.size()];
        Runnable work = () -> java.util.stream.IntStream.range(0, nodes.size()).parallel()
                .forEach(i -> out[i] = parseOne(nodes.get(i), catalog, cache, parsedNow));
        if (options.parallelism() == 1) {
            for (int i = 0; i < nodes.size(); i++) {
                out[i] = parseOne(nodes.get(i), catalog, cache, parsedNow);
            }
            return out;
        }
        ForkJoinPool pool = new ForkJoinPool(options.parallelism());
        try {
            pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while analysing SQL", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } finally {
            pool.shutdown();
        }
        return out;
    }

    private Parsed parseOne(CompiledNode node, RelationCatalog catalog, AnalysisCache cache, AtomicInteger parsedNow) {
        Map<String, String> renderings = catalog.renderings(node);
        List<String> rendered = List.copyOf(renderings.keySet());
        String key = AnalysisCache.key(node.compiledSql(), rendered);
        ParsedModel model = cache.get(key);
        if (model == null) {
            model = parser.parse(node.compiledSql(), rendered);
            parsedNow.incrementAndGet();
            cache.put(key, model);
        }
        return new Parsed(model, renderings);
    }

    private static ModelAnalysis syntaxError(CompiledNode node, ParsedModel parsed, Positions positions,
                                             AnalysisDiagnostics diagnostics, Map<String, ModelAnalysis> models,
                                             Set<Diagnostic> found) {
        Positions.Place place = positions.at(node, parsed.errorOffset());
        ModelAnalysis inlined = place.node() == node ? null : models.get(place.node().uniqueId());
        if (inlined == null || inlined.status() != AnalysisStatus.ERROR) {
            found.add(diagnostics.syntaxError(node, parsed, place)); // else: reported for the ephemeral model
        }
        return new ModelAnalysis(node.uniqueId(), AnalysisStatus.ERROR, parsed.error(), List.of(), List.of(), false);
    }

    private static ModelAnalysis resolve(CompiledNode node, Parsed parsed, RelationCatalog catalog, Schemas schemas,
                                         AnalysisDiagnostics diagnostics, Set<Diagnostic> found) {
        Set<String> declared = new HashSet<>(node.dependsOn());
        declared.addAll(node.sources());
        LineageResolver resolver = new LineageResolver(new LineageResolver.Context(node.uniqueId(),
                parsed.renderings(), declared, catalog, schemas));
        Rel.Resolved out = resolver.resolve(parsed.model().shape());
        List<TableRead> reads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LineageResolver.Read r : resolver.reads()) {
            if (seen.add(r.uniqueId() != null ? r.uniqueId() : r.written())) {
                reads.add(new TableRead(r.uniqueId(), r.written(), r.declared()));
                if (r.uniqueId() != null && !r.declared()) {
                    found.add(diagnostics.undeclared(node, r));
                }
            }
        }
        if (node.resourceType() == ResourceType.TEST) {
            return new ModelAnalysis(node.uniqueId(), AnalysisStatus.PARSED, null, reads, List.of(), true);
        }
        List<ColumnLineage> columns = new ArrayList<>();
        for (Col c : out.columns()) {
            columns.add(lineage(c));
        }
        if (node.resourceType() == ResourceType.SNAPSHOT) {
            SNAPSHOT_COLUMNS.forEach(c -> columns.add(new ColumnLineage(c, List.of())));
        }
        if (out.wildcard() != null) {
            columns.add(lineage(out.wildcard().renamed(ColumnRef.ALL)));
        }
        return new ModelAnalysis(node.uniqueId(), AnalysisStatus.PARSED, null, reads, columns, out.wildcard() == null);
    }

    private static ColumnLineage lineage(Col c) {
        List<Derivation> from = new ArrayList<>(c.from.size());
        c.from.forEach((ref, direct) -> from.add(new Derivation(ref, direct)));
        return new ColumnLineage(c.name, from);
    }

    private static Map<String, String> displayNames(CompiledProject project) {
        Map<String, String> out = new HashMap<>();
        for (CompiledNode n : project.nodes()) {
            if (n.resourceType() != ResourceType.TEST) {
                out.put(n.uniqueId(), n.name());
            }
        }
        for (SourceTable s : project.project().sources().values()) {
            out.put(s.uniqueId(), s.sourceName() + "." + s.name());
        }
        return out;
    }
}
