package dev.kiln.internal.analyze;

import dev.kiln.AnalysisStatus;
/**
 * What parsing one model's compiled SQL found: the unit that is cached.
 *
 * @param status       parsed, unknown (Calcite could not parse it) or error (a syntax error)
 * @param shape        the query's shape when parsed, else {@code null}
 * @param errorOffset  for unknown and error: where in the compiled SQL parsing stopped (-1 when unknown)
 * @param error        for unknown and error: the parser's message
 */
record ParsedModel(AnalysisStatus status, Shape shape, int errorOffset, String error) {

    static ParsedModel parsed(Shape shape) {
        return new ParsedModel(AnalysisStatus.PARSED, shape, -1, null);
    }

    static ParsedModel unknown(int offset, String error) {
        return new ParsedModel(AnalysisStatus.UNKNOWN, null, offset, error);
    }

    static ParsedModel syntaxError(int offset, String error) {
        return new ParsedModel(AnalysisStatus.ERROR, null, offset, error);
    }
}
