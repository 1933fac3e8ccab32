package dev.kiln.internal.analyze;

import dev.kiln.ColumnRef;
import dev.kiln.Derivation;
import dev.kiln.LineageGraph;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lineage as text, for {@code kiln lineage MODEL[.COLUMN]}: for each column, the tree of
 * columns it derives from and the tree of columns derived from it. A column already shown is
 * marked {@code (see above)} instead of being expanded again.
 */
public final class LineageText {

    private final LineageGraph graph;
    private boolean up = true;
    private boolean down = true;

    /** Text for {@code graph}. */
    public LineageText(LineageGraph graph) {
        this.graph = graph;
    }

    /** Upstream and downstream of a column, or of every column of a node when its column is {@code null}. */
    public String describe(ColumnRef target) {
        return describe(target, true, true);
    }

    /**
     * Upstream, downstream or both of a column, or of every column of a node when its column is
     * {@code null}.
     */
    public String describe(ColumnRef target, boolean upstream, boolean downstream) {
        this.up = upstream;
        this.down = downstream;
        StringBuilder sb = new StringBuilder();
        if (target.column() != null) {
            column(sb, target);
            return sb.toString();
        }
        List<String> cols = graph.columns(target.uniqueId());
        if (cols.isEmpty()) {
            sb.append(graph.displayName(target.uniqueId()))
                    .append(": no analysed columns (a source, a seed, or a model whose analysis is unknown)\n");
            return sb.toString();
        }
        for (String c : cols) {
            column(sb, new ColumnRef(target.uniqueId(), c));
        }
        return sb.toString();
    }

    private void column(StringBuilder sb, ColumnRef c) {
        sb.append(graph.displayName(c)).append('\n');
        if (up) {
            sb.append("  upstream:\n");
            if (!tree(sb, c, true, 2, new HashSet<>())) {
                sb.append("    (none)\n");
            }
        }
        if (down) {
            sb.append("  downstream:\n");
            if (!tree(sb, c, false, 2, new HashSet<>())) {
                sb.append("    (none)\n");
            }
        }
    }

    private boolean tree(StringBuilder sb, ColumnRef at, boolean up, int depth, Set<String> shown) {
        List<Derivation> next = up ? graph.parents(at) : graph.children(at);
        for (Derivation d : next) {
            sb.append("  ".repeat(depth)).append(graph.displayName(d.from())).append("  ").append(d.transform());
            if (!shown.add(d.from().key())) {
                sb.append(" (see above)\n");
                continue;
            }
            sb.append('\n');
            tree(sb, d.from(), up, depth + 1, shown);
        }
        return !next.isEmpty();
    }
}
