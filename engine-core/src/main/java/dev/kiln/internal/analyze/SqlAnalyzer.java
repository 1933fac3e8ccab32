package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.AnalysisStatus;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.LineageGraph;
import dev.kiln.ModelAnalysis;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.spi.SyntaxChecker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The analyze stage: checks every model's compiled SQL before anything runs. Syntax is judged
 * by the target's {@link SyntaxChecker}; Calcite parses what it can (in parallel, cached by
 * checksum under {@code target/}); then, parents before children and independent models in
 * parallel, each model's relations and column lineage are resolved, and reads of Kiln-managed
 * relations without {@code ref()} are reported.
 *
 * <pre>{@code
 * AnalysisReport report = new SqlAnalyzer(AnalyzerOptions.of(dialect)
 *         .withCacheDir(targetDir.resolve("analysis-cache"))).analyze(compiled);
 * KilnException.throwIfErrors(report.diagnostics());
 * }</pre>
 *
 * Models, snapshots and singular tests are analysed (tests for the relations they read only);
 * seeds and generic tests are not. The result does not depend on the number of threads.
 */
public final class SqlAnalyzer {

    /** Statements handed to the syntax checker at once (fewer when a project is small). */
    private static final int CHECK_BATCH = 256;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlAnalyzer.class);

    private final AnalyzerOptions options;
    private final ModelParser parser;

    /** An analyzer with {@code options}. */
    public SqlAnalyzer(AnalyzerOptions options) {
        this.options = options;
        this.parser = new ModelParser(options.syntaxChecker());
    }

    /** A node's parse result and what its SQL declared. */
    private record Parsed(ParsedModel model, Map<String, String> renderings) {
    }

    /** Analyses every model of {@code project}. */
    public AnalysisReport analyze(CompiledProject project) {
        return analyze(project, Map.of());
    }

    /**
     * Analyses the models of {@code project}, taking the analysis of those in {@code unaffected}
     * as it is (partial parsing: models neither edited nor downstream of an edit, in a project
     * whose earlier analysis had no diagnostics of its own); with none, every model.
     */
    public AnalysisReport analyze(CompiledProject project, Map<String, ModelAnalysis> unaffected) {
        long start = System.nanoTime();
        List<CompiledNode> nodes = project.nodes().stream().filter(SqlAnalyzer::analysable).toList();
        RunCache lastRun = RunCache.of(unaffected.isEmpty() ? options.cacheDir() : null, project, nodes, options);
        long fingerprinted = System.nanoTime();
        RunCache.Result unchanged = lastRun.load();
        LOG.debug("last run: fingerprint {} ms, {} {} ms", (fingerprinted - start) / 1_000_000,
                unchanged == null ? "not usable" : "read", (System.nanoTime() - fingerprinted) / 1_000_000);
        if (unchanged != null) {
            return new AnalysisReport(unchanged.diagnostics(), unchanged.models(),
                    new LineageGraph(unchanged.models(), () -> displayNames(project)),
                    new AnalysisReport.Stats(nodes.size(), 0, nodes.size(), countUnknown(unchanged.models()),
                            (System.nanoTime() - start) / 1_000_000, 0));
        }
        RelationCatalog catalog = new RelationCatalog(project, options);
        AnalysisCache cache = AnalysisCache.open(options.cacheDir(), options.dialect().name() + "\n"
                + (options.syntaxChecker() == null ? "no-checker" : options.syntaxChecker().id()));
        AtomicInteger parsedNow = new AtomicInteger();
        Parsed[] parsed = new Parsed[nodes.size()];
        NodeResolution.Outcome[] outcomes = new NodeResolution.Outcome[nodes.size()];
        NodeResolution resolution = new NodeResolution(catalog, new Schemas(project, options.sourceColumns()), new Positions(project),
                options.strict());
        long parseEnd;
        try (Parallel parallel = new Parallel(options.parallelism())) {
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                ModelAnalysis kept = unaffected.get(nodes.get(i).uniqueId());
                if (kept != null) { // its readers resolve against its columns, as in a full analysis
                    outcomes[i] = resolution.kept(nodes.get(i).uniqueId(), kept);
                } else {
                    todo.add(i);
                }
            }
            List<CompiledNode> toParse = todo.size() == nodes.size() ? nodes : todo.stream().map(nodes::get).toList();
            Parsed[] some = toParse == nodes ? parsed : new Parsed[toParse.size()];
            parsedNow.set(parseAll(toParse, catalog, cache, parallel, some));
            if (some != parsed) {
                for (int k = 0; k < some.length; k++) {
                    parsed[todo.get(k)] = some[k];
                }
            }
            parseEnd = System.nanoTime();
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                index.put(nodes.get(i).uniqueId(), i);
            }
            for (int[] level : levels(nodes, index)) {
                parallel.forEach(level.length, k -> {
                    int i = level[k];
                    if (parsed[i] == null) {
                        return; // unaffected: kept
                    }
                    outcomes[i] = resolution.resolve(nodes.get(i), parsed[i].model(), parsed[i].renderings(), id -> {
                        Integer j = index.get(id);
                        return j == null || outcomes[j] == null ? null : outcomes[j].analysis();
                    });
                });
            }
        }
        String checkerFailure = parser.checkerFailure();
        if (checkerFailure == null) { // verdicts reached without the target's parser are not kept
            cache.save();
        }
        Set<Diagnostic> found = new LinkedHashSet<>();
        if (checkerFailure != null) {
            found.add(Diagnostic.warning("syntax-checker-failed", SourcePosition.of(Path.of("kiln.yml")),
                    "The target's SQL parser (" + options.syntaxChecker().id() + ") could not check the models: "
                            + checkerFailure + ". Calcite alone judged their syntax; nothing of this analysis is cached.",
                    "Fix what stopped the parser (see the message), or turn the analysis off with -Dkiln.analyze=false."));
        }
        Map<String, ModelAnalysis> models = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            models.put(nodes.get(i).uniqueId(), outcomes[i].analysis());
            found.addAll(outcomes[i].diagnostics());
            if (outcomes[i].analysis().status() == AnalysisStatus.UNKNOWN) {
                unknown.add(nodes.get(i).name());
            }
        }
        if (!unknown.isEmpty() && !options.strict()) {
            found.add(resolution.diagnostics().unknownSummary(unknown));
        }
        List<Diagnostic> diagnostics = new ArrayList<>(found);
        if (checkerFailure == null) {
            lastRun.save(models, diagnostics);
        }
        LineageGraph graph = new LineageGraph(models, () -> displayNames(project));
        int parsedCount = parsedNow.get();
        return new AnalysisReport(diagnostics, models, graph,
                new AnalysisReport.Stats(nodes.size(), parsedCount, nodes.size() - parsedCount, unknown.size(),
                        (parseEnd - start) / 1_000_000, (System.nanoTime() - parseEnd) / 1_000_000));
    }

    /** A report of analyses made earlier (kept by partial parsing) for {@code project}. */
    public static AnalysisReport report(CompiledProject project, List<Diagnostic> diagnostics,
                                        Map<String, ModelAnalysis> models, AnalysisReport.Stats stats) {
        return new AnalysisReport(diagnostics, models, new LineageGraph(models, () -> displayNames(project)), stats);
    }

    private static int countUnknown(Map<String, ModelAnalysis> models) {
        int n = 0;
        for (ModelAnalysis m : models.values()) {
            if (m.status() == AnalysisStatus.UNKNOWN) {
                n++;
            }
        }
        return n;
    }

    private static boolean analysable(CompiledNode n) {
        ResourceType t = n.resourceType();
        boolean kind = t == ResourceType.MODEL || t == ResourceType.SNAPSHOT
                || t == ResourceType.TEST && n.node().test() == null;
        return kind && n.compiledSql() != null && !n.compiledSql().isBlank();
    }

    /** Indexes of {@code nodes} (in topological order) grouped so that each group's parents are in earlier groups. */
    private static List<int[]> levels(List<CompiledNode> nodes, Map<String, Integer> index) {
        int[] level = new int[nodes.size()];
        int max = 0;
        for (int i = 0; i < nodes.size(); i++) {
            int l = 0;
            for (String dep : nodes.get(i).dependsOn()) {
                Integer j = index.get(dep);
                if (j != null) {
                    l = Math.max(l, level[j] + 1);
                }
            }
            level[i] = l;
            max = Math.max(max, l);
        }
        int[] counts = new int[max + 1];
        for (int l : level) {
            counts[l]++;
        }
        List<int[]> out = new ArrayList<>(max + 1);
        for (int l = 0; l <= max; l++) {
            out.add(new int[counts[l]]);
        }
        int[] fill = new int[max + 1];
        for (int i = 0; i < nodes.size(); i++) {
            out.get(level[i])[fill[level[i]]++] = i;
        }
        return out;
    }

    /**
     * Fills {@code parsed}: cached parses where the cache has them; the rest checked by the
     * target's syntax checker in batches, then parsed by Calcite, all in parallel. Returns how
     * many were parsed (cache misses).
     */
    private int parseAll(List<CompiledNode> nodes, RelationCatalog catalog, AnalysisCache cache, Parallel parallel,
                          Parsed[] parsed) {
        int n = nodes.size();
        String[] keys = new String[n];
        @SuppressWarnings("unchecked")
        Map<String, String>[] renderings = new Map[n];
        parallel.forEach(n, i -> {
            renderings[i] = catalog.renderings(nodes.get(i));
            keys[i] = AnalysisCache.key(nodes.get(i).compiledSql(), List.copyOf(renderings[i].keySet()));
            ParsedModel hit = cache.get(keys[i]);
            if (hit != null) {
                parsed[i] = new Parsed(hit, renderings[i]);
            }
        });
        int[] misses = java.util.stream.IntStream.range(0, n).filter(i -> parsed[i] == null).toArray();
        if (misses.length == 0) {
            return 0;
        }
        int batch = Math.max(1, Math.min(CHECK_BATCH, (misses.length + options.parallelism() - 1) / options.parallelism()));
        int batches = (misses.length + batch - 1) / batch;
        parallel.forEach(batches, b -> {
            int from = b * batch;
            int to = Math.min(misses.length, from + batch);
            List<String> sqls = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                sqls.add(nodes.get(misses[k]).compiledSql());
            }
            List<Optional<SyntaxChecker.Failure>> verdicts = parser.checks() ? parser.check(sqls)
                    : java.util.Collections.nCopies(sqls.size(), Optional.empty());
            for (int k = from; k < to; k++) {
                int i = misses[k];
                ParsedModel model = parser.parse(sqls.get(k - from), List.copyOf(renderings[i].keySet()),
                        verdicts.get(k - from));
                cache.put(keys[i], model);
                parsed[i] = new Parsed(model, renderings[i]);
            }
        });
        return misses.length;
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
