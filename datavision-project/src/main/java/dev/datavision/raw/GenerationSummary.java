package dev.datavision.raw;

import java.time.Duration;
import java.util.Map;

/**
 * The result of a generation run.
 *
 * @param config   what was generated
 * @param rawRows  rows per raw table (duplicated defect rows included), in table order
 * @param truthRows rows per ground-truth table
 * @param elapsed  wall-clock time of the run
 */
public record GenerationSummary(GeneratorConfig config, Map<String, Long> rawRows, Map<String, Long> truthRows,
                                Duration elapsed) {

    /** Copies the maps. */
    public GenerationSummary {
        rawRows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rawRows));
        truthRows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(truthRows));
    }
}
