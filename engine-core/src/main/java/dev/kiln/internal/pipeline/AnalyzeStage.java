package dev.kiln.internal.pipeline;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;
import dev.kiln.KilnException;
import dev.kiln.ModelAnalysis;
import dev.kiln.internal.analyze.AnalyzerOptions;
import dev.kiln.internal.analyze.SourceColumns;
import dev.kiln.internal.analyze.SqlAnalyzer;
import dev.kiln.internal.cache.PartialParse;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The analyze stage: every model's SQL checked by the target's own parser and analysed by
 * Calcite, in parallel on the target's threads, cached under {@code target/analysis-cache}; or
 * the analysis partial parsing kept.
 */
final class AnalyzeStage {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AnalyzeStage.class);

    private final KilnContext ctx;

    AnalyzeStage(KilnContext ctx) {
        this.ctx = ctx;
    }

    /** Analyses {@code result}. New warnings go to the listener; errors are thrown. */
    AnalysisReport analyze(CompiledProject result) {
        return analyze(result, null);
    }

    /** {@link #analyze(CompiledProject)}, keeping the {@code unaffected} analyses (partial parsing) when not {@code null}. */
    AnalysisReport analyze(CompiledProject result, Map<String, ModelAnalysis> unaffected) {
        Instant start = Instant.now();
        AnalyzerOptions options = AnalyzerOptions.of(ctx.dialect())
                .withDefaultSchema(ctx.target().schema().orElse(null))
                .withSyntaxChecker(ctx.syntaxChecker())
                .withStrict(ctx.settings().strict())
                .withCacheDir(ctx.targetDir().resolve("analysis-cache"))
                .withParallelism(ctx.target().threads())
                .withSourceColumns(SourceColumns.read(ctx.targetDir(), ctx.target().name()).columns());
        AnalysisReport report = new SqlAnalyzer(options).analyze(result, unaffected == null ? Map.of() : unaffected);
        AnalysisReport.Stats st = report.stats();
        LOG.debug("analyze: {} nodes, {} parsed, {} from the cache, {} unknown; parse {} ms, resolve {} ms ({})",
                st.analyzed(), st.parsed(), st.cacheHits(), st.unknown(), st.parseMillis(), st.resolveMillis(),
                options.syntaxChecker() == null ? "no syntax checker" : options.syntaxChecker().id());
        ctx.stageFinished("analyze", Duration.between(start, Instant.now()));
        KilnException.throwIfErrors(report.diagnostics());
        ctx.tell(report.diagnostics());
        return report;
    }

    /** The analysis partial parsing kept, with its warnings reported as {@link #analyze} would. */
    AnalysisReport reuse(CompiledProject result, PartialParse.StoredAnalysis kept) {
        Instant start = Instant.now();
        AnalysisReport report = SqlAnalyzer.report(result, kept.diagnostics(), kept.models(), kept.stats());
        ctx.stageFinished("analyze (partial parse)", Duration.between(start, Instant.now()));
        KilnException.throwIfErrors(report.diagnostics());
        ctx.warn(report.diagnostics());
        return report;
    }
}
