package dev.kiln.internal.analyze;

import dev.kiln.CompiledNode;
import dev.kiln.Diagnostic;

import java.util.List;

/** The diagnostics of the analyze stage, each at its place in the model's template. */
final class AnalysisDiagnostics {

    private final Positions positions;
    private final RelationCatalog catalog;

    AnalysisDiagnostics(Positions positions, RelationCatalog catalog) {
        this.positions = positions;
        this.catalog = catalog;
    }

    /** A syntax error found by the target's parser. */
    Diagnostic syntaxError(CompiledNode node, ParsedModel parsed, Positions.Place place) {
        return Diagnostic.error("sql-syntax", place.position(), "SQL syntax error" + where(node, place) + ": "
                + parsed.error() + excerpt(place), "Nothing was run. Fix the SQL at the place shown.");
    }

    /** A model whose analysis is unknown, as an error (strict mode). */
    Diagnostic unknown(CompiledNode node, ParsedModel parsed) {
        Positions.Place place = positions.at(node, parsed.errorOffset());
        return Diagnostic.error("analysis-unknown", place.position(), "Calcite cannot parse " + node.name()
                        + "'s SQL, so its analysis is unknown" + where(node, place) + ": " + parsed.error() + excerpt(place),
                "Without --strict this is only reported; docs/analysis.md lists the constructs known not to parse.");
    }

    /** One warning for every model whose analysis is unknown. */
    Diagnostic unknownSummary(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? ", …" : "");
        String what = names.size() == 1 ? "1 model" : names.size() + " models";
        return Diagnostic.warning("analysis-unknown", null, "Calcite cannot parse the SQL of " + what + " (" + shown
                        + "): no lineage or dependency checks for them.",
                "docs/analysis.md lists the constructs known not to parse; --strict makes this an error.");
    }

    /** A read of a Kiln-managed relation without {@code ref()}, or of a source without {@code source()}. */
    Diagnostic undeclared(CompiledNode node, LineageResolver.Read read) {
        Positions.Place place = positions.at(node, read.offset());
        String call = catalog.call(read.uniqueId());
        if (catalog.isSource(read.uniqueId())) {
            return Diagnostic.warning("undeclared-source", place.position(), "reads " + read.written()
                    + " without source(); write " + call, "Lineage and source freshness follow source() only.");
        }
        return Diagnostic.error("undeclared-ref", place.position(), "reads " + read.written() + " without ref(); write "
                + call, "Without ref() Kiln does not know that " + node.name() + " depends on it, and may build "
                + node.name() + " first.");
    }

    private static String where(CompiledNode node, Positions.Place place) {
        return place.node() == node ? "" : " in ephemeral model " + place.node().name() + ", inlined into "
                + node.name();
    }

    private static String excerpt(Positions.Place place) {
        return place.excerpt().isEmpty() ? "" : "\n" + place.excerpt();
    }
}
