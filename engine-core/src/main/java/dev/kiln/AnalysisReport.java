package dev.kiln;


import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the analyze stage found.
 *
 * @param diagnostics syntax errors, reads without {@code ref()}, and (strict, or as one summary
 *                    warning) models whose analysis is unknown
 * @param models      the analysis of each model, snapshot and singular test, by unique id, in
 *                    topological order
 * @param lineage     the column lineage graph
 * @param stats       how much work the run did
 */
public record AnalysisReport(List<Diagnostic> diagnostics, Map<String, ModelAnalysis> models, LineageGraph lineage,
                             Stats stats) {

    /**
     * Counts of one run.
     *
     * @param analyzed  nodes analysed
     * @param parsed    nodes parsed in this run (cache misses)
     * @param cacheHits nodes whose parse came from the cache
     * @param unknown   nodes whose analysis is unknown
     * @param parseMillis   time spent reading the cache and parsing (wall clock, all threads together)
     * @param resolveMillis time spent resolving lineage and writing the cache
     */
    public record Stats(int analyzed, int parsed, int cacheHits, int unknown, long parseMillis, long resolveMillis) {
    }

    /** Copies the collections. */
    public AnalysisReport {
        diagnostics = List.copyOf(diagnostics);
        models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(models));
    }

    /** The analysis of one node. */
    public Optional<ModelAnalysis> model(String uniqueId) {
        return Optional.ofNullable(models.get(uniqueId));
    }

    /** True when a diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
