package dev.kiln.internal.analyze;

import dev.kiln.AnalysisStatus;
import dev.kiln.ColumnLineage;
import dev.kiln.ColumnRef;
import dev.kiln.CompiledNode;
import dev.kiln.Derivation;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.ResourceType;
import dev.kiln.TableRead;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The second half of analysing one node, once its parents are done: its status as a
 * {@link ModelAnalysis}, with lineage resolved against its parents' columns, and its diagnostics.
 * Safe to run for several nodes at once as long as their parents are finished.
 */
final class NodeResolution {

    /** The snapshot columns Kiln adds, by default. */
    static final List<String> SNAPSHOT_COLUMNS = dev.kiln.spi.SnapshotConfig.MetaColumns.DEFAULT.always();

    /** The columns a snapshot adds, as its {@code snapshot_meta_column_names} names them (a bad value fails its run). */
    private static List<String> snapshotColumns(CompiledNode node) {
        try {
            return dev.kiln.spi.SnapshotConfig.MetaColumns.of(node.config().get("snapshot_meta_column_names").orElse(null),
                    node.name()).always();
        } catch (dev.kiln.KilnException e) {
            return SNAPSHOT_COLUMNS;
        }
    }

    /** One node's result. */
    record Outcome(ModelAnalysis analysis, List<Diagnostic> diagnostics) {
    }

    private final RelationCatalog catalog;
    private final Schemas schemas;
    private final Positions positions;
    private final AnalysisDiagnostics diagnostics;
    private final boolean strict;

    NodeResolution(RelationCatalog catalog, Schemas schemas, Positions positions, boolean strict) {
        this.catalog = catalog;
        this.schemas = schemas;
        this.positions = positions;
        this.diagnostics = new AnalysisDiagnostics(positions, catalog);
        this.strict = strict;
    }

    /** The diagnostics' factory, for the summary. */
    AnalysisDiagnostics diagnostics() {
        return diagnostics;
    }

    /**
     * Resolves one node.
     *
     * @param node       the node
     * @param parsed     its parse result
     * @param renderings what its SQL declared (rendered text → unique id)
     * @param finished   the analysis of a node that is already finished (for ephemeral models), or {@code null}
     */
    Outcome resolve(CompiledNode node, ParsedModel parsed, Map<String, String> renderings,
                    Function<String, ModelAnalysis> finished) {
        Outcome out = switch (parsed.status()) {
            case ERROR -> syntaxError(node, parsed, finished);
            case UNKNOWN -> new Outcome(failed(node, AnalysisStatus.UNKNOWN, parsed),
                    strict ? List.of(diagnostics.unknown(node, parsed)) : List.of());
            case PARSED -> parsed(node, parsed, renderings);
        };
        schemas.analysed(node.uniqueId(), out.analysis());
        return out;
    }

    /**
     * Takes {@code kept}, the earlier analysis of a node that did not change, as its analysis: its
     * readers resolve against its columns as if it had been analysed now.
     */
    Outcome kept(String uniqueId, ModelAnalysis kept) {
        schemas.analysed(uniqueId, kept);
        return new Outcome(kept, List.of());
    }

    private static ModelAnalysis failed(CompiledNode node, AnalysisStatus status, ParsedModel parsed) {
        return new ModelAnalysis(node.uniqueId(), status, parsed.error(), List.of(), List.of(), false);
    }

    private Outcome syntaxError(CompiledNode node, ParsedModel parsed, Function<String, ModelAnalysis> finished) {
        Positions.Place place = positions.at(node, parsed.errorOffset());
        ModelAnalysis inlined = place.node() == node ? null : finished.apply(place.node().uniqueId());
        boolean reportedThere = inlined != null && inlined.status() == AnalysisStatus.ERROR;
        return new Outcome(failed(node, AnalysisStatus.ERROR, parsed),
                reportedThere ? List.of() : List.of(diagnostics.syntaxError(node, parsed, place)));
    }

    private Outcome parsed(CompiledNode node, ParsedModel parsed, Map<String, String> renderings) {
        Set<String> declared = new HashSet<>(node.dependsOn());
        declared.addAll(node.sources());
        LineageResolver resolver = new LineageResolver(new LineageResolver.Context(node.uniqueId(), renderings,
                declared, catalog, schemas));
        Rel.Resolved out = resolver.resolve(parsed.shape());
        List<TableRead> reads = new ArrayList<>();
        List<Diagnostic> found = new ArrayList<>(0);
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
            return new Outcome(new ModelAnalysis(node.uniqueId(), AnalysisStatus.PARSED, null, reads, List.of(), true),
                    found);
        }
        List<ColumnLineage> columns = new ArrayList<>(out.columns().size() + 1);
        for (Col c : out.columns()) {
            columns.add(lineage(c, c.name));
        }
        if (node.resourceType() == ResourceType.SNAPSHOT) {
            snapshotColumns(node).forEach(c -> columns.add(new ColumnLineage(c, List.of())));
        }
        if (out.wildcard() != null) {
            columns.add(lineage(out.wildcard(), ColumnRef.ALL));
        }
        return new Outcome(new ModelAnalysis(node.uniqueId(), AnalysisStatus.PARSED, null, reads, columns,
                out.wildcard() == null), found);
    }

    private static ColumnLineage lineage(Col c, String name) {
        List<Derivation> from = new ArrayList<>(c.from.size());
        c.from.forEach((ref, direct) -> from.add(new Derivation(ref, direct)));
        return new ColumnLineage(name, from);
    }
}
