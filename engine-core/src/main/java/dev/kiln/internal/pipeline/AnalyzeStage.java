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
        AnalyzerOptions options = options();
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

    private AnalyzerOptions options() {
        return AnalyzerOptions.of(ctx.dialect())
                .withDefaultSchema(ctx.target().schema().orElse(null))
                .withSyntaxChecker(ctx.syntaxChecker())
                .withStrict(ctx.settings().strict())
                .withCacheDir(ctx.targetDir().resolve("analysis-cache"))
                .withParallelism(ctx.target().threads())
                .withSourceColumns(SourceColumns.read(ctx.targetDir(), ctx.target().name()).columns());
    }

    /**
     * The system property the {@code kiln} launcher sets on the run that records its class-data
     * archive (AppCDS): that run should load what a later compile of an edited model loads.
     */
    static final String CDS_TRAINING = "dev.kiln.cdsTraining";

    /**
     * On the launcher's class-archive training run ({@value #CDS_TRAINING}), when the analysis
     * parsed nothing (all of it cached), parses and resolves a few models again, with an empty
     * cache in a temporary folder and the result thrown away, so that the archive holds the
     * target's syntax checker and Calcite's parser and validator as well: a compile after an
     * edit then maps them instead of loading them from the jars.
     */
    void trainClassArchive(CompiledProject result, AnalysisReport report) {
        if (!Boolean.getBoolean(CDS_TRAINING) || report == null || report.stats().parsed() > 0) {
            return;
        }
        java.nio.file.Path tmp = null;
        try {
            tmp = java.nio.file.Files.createTempDirectory("kiln-cds-training");
            Map<String, ModelAnalysis> kept = new java.util.LinkedHashMap<>(report.models());
            java.util.Iterator<String> ids = kept.keySet().iterator();
            for (int i = 0; i < 3 && ids.hasNext(); i++) {
                ids.next();
                ids.remove();
            }
            new SqlAnalyzer(options().withCacheDir(tmp)).analyze(result, kept);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("class archive training: {}", e.toString());
        } finally {
            if (tmp != null) {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(tmp)) {
                    for (java.nio.file.Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    LOG.debug("cannot remove {}: {}", tmp, e.toString());
                }
            }
        }
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
