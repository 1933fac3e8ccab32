package dev.kiln.internal.analyze;

import java.time.Duration;

/**
 * What the analysis spends on one model at most: beyond either bound the model is
 * {@link dev.kiln.AnalysisStatus#UNKNOWN} with a warning (an error with {@code --strict}),
 * never a hang. The target's own syntax checker still judges the SQL's syntax.
 *
 * @param maxChars the longest compiled SQL analysed, in characters
 * @param time     the most CPU time a model's parse may take (a wall-clock limit of ten times
 *                 that stops it on a machine too loaded to give it that CPU)
 */
public record AnalysisBudget(int maxChars, Duration time) {

    /** 4,000,000 characters (a 200,000-branch {@code UNION ALL} fits) and 30 seconds of CPU. */
    public static final AnalysisBudget DEFAULT = new AnalysisBudget(4_000_000, Duration.ofSeconds(30));
}
