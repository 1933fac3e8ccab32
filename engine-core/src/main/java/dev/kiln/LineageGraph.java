package dev.kiln;

import dev.kiln.internal.analyze.LineageText;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Column-level lineage across the project: which upstream columns each model column derives
 * from, and the reverse. Columns passed through by {@code SELECT *} from a relation of unknown
 * columns are edges between {@code *} columns; a query for a named column follows them under
 * that name. Immutable.
 */
public final class LineageGraph {

    private final Map<String, ModelAnalysis> models;
    private final Supplier<Map<String, String>> displaySource;
    private Map<String, List<Derivation>> parents;
    private Map<String, List<Derivation>> children;
    private Map<String, String> display;
    private Map<String, String> byName;
    private Map<String, Map<String, String>> readColumns;

    /**
     * The graph of every model's analysis; built on first use, so that a compile that never asks
     * for lineage does not pay for it.
     *
     * @param models  analyses by unique id
     * @param display supplies unique id → name to show ({@code stg_users}, {@code raw.users})
     */
    public LineageGraph(Map<String, ModelAnalysis> models, Supplier<Map<String, String>> display) {
        this.models = models;
        this.displaySource = display;
    }

    private synchronized void build() {
        if (parents != null) {
            return;
        }
        Map<String, List<Derivation>> up = new HashMap<>();
        Map<String, List<Derivation>> down = new HashMap<>();
        Map<String, Map<String, String>> read = new HashMap<>();
        for (ModelAnalysis m : models.values()) {
            for (ColumnLineage c : m.columns()) {
                ColumnRef child = new ColumnRef(m.uniqueId(), c.name());
                for (Derivation d : c.from()) {
                    up.computeIfAbsent(child.key(), k -> new ArrayList<>()).add(d);
                    down.computeIfAbsent(d.from().key(), k -> new ArrayList<>()).add(new Derivation(child, d.direct()));
                    if (!models.containsKey(d.from().uniqueId())) {
                        read.computeIfAbsent(d.from().uniqueId(), k -> new java.util.TreeMap<>())
                                .putIfAbsent(d.from().column().toLowerCase(Locale.ROOT), d.from().column());
                    }
                }
            }
        }
        readColumns = read;
        Map<String, String> shown = displaySource.get();
        Map<String, String> names = new HashMap<>();
        shown.forEach((id, name) -> names.putIfAbsent(name.toLowerCase(Locale.ROOT), id));
        display = shown;
        byName = names;
        children = down;
        parents = up;
    }

    /** Which way {@link #describe} walks. */
    public enum Direction {
        /** The columns a column derives from. */
        UPSTREAM,
        /** The columns derived from a column: what breaks if it is dropped. */
        DOWNSTREAM,
        /** Both. */
        BOTH
    }

    /**
     * Lineage as text, as {@code kiln lineage} prints it: for the column (or, when its column is
     * {@code null}, for every column of the node), the tree of columns it derives from and/or
     * the tree of columns derived from it, each edge marked {@code direct} or {@code transformed}.
     */
    public String describe(ColumnRef target, Direction direction) {
        return new LineageText(this).describe(target, direction != Direction.DOWNSTREAM,
                direction != Direction.UPSTREAM);
    }

    /**
     * The output columns of a model as analysed ({@code *} included); for a source, seed or other
     * relation that is not analysed, the columns of it that models read (by name); else empty.
     */
    public List<String> columns(String uniqueId) {
        ModelAnalysis m = models.get(uniqueId);
        if (m != null) {
            return m.columns().stream().map(ColumnLineage::name).toList();
        }
        build();
        return List.copyOf(readColumns.getOrDefault(uniqueId, Map.of()).values());
    }

    /**
     * What {@code name} means, as {@link #find}, or a {@link KilnException} ({@link ErrorCode#USAGE})
     * that says what is wrong: no such node or source (with the nearest name), or a column a
     * model whose columns are all known does not have.
     */
    public ColumnRef resolve(String name) {
        ColumnRef ref = find(name).orElseThrow(() -> {
            build();
            String bare = name.startsWith("source:") ? name.substring("source:".length()) : name;
            String near = dev.kiln.internal.util.Suggest.closest(bare, display.values());
            if (near == null && bare.contains(".")) {
                near = dev.kiln.internal.util.Suggest.closest(bare.substring(0, bare.lastIndexOf('.')), display.values());
            }
            return new KilnException(ErrorCode.USAGE, "No model, seed, snapshot or source named '" + name + "'. "
                    + (near != null ? "Did you mean '" + near + "'?"
                    : "Give MODEL, MODEL.COLUMN, SOURCE.TABLE or SOURCE.TABLE.COLUMN; kiln ls lists the nodes."));
        });
        ModelAnalysis m = models.get(ref.uniqueId());
        if (ref.column() != null && m != null && m.columnsComplete() && m.status() == AnalysisStatus.PARSED
                && m.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(ref.column()))) {
            List<String> cols = m.columnNames();
            throw new KilnException(ErrorCode.USAGE, displayName(ref.uniqueId()) + " has no column '" + ref.column()
                    + "'. " + dev.kiln.internal.util.Suggest.didYouMean(ref.column(), cols,
                    "Its columns: " + String.join(", ", cols) + "."));
        }
        return ref;
    }

    /** The immediate upstream columns of a column. */
    public List<Derivation> parents(ColumnRef column) {
        build();
        List<Derivation> direct = parents.get(column.key());
        if (direct != null || column.isAll()) {
            return direct == null ? List.of() : List.copyOf(direct);
        }
        List<Derivation> viaStar = parents.get(column.rename(ColumnRef.ALL).key());
        if (viaStar == null) {
            return List.of();
        }
        return viaStar.stream().map(d -> new Derivation(d.from().isAll() ? d.from().rename(column.column()) : d.from(),
                d.direct())).toList();
    }

    /** The immediate downstream columns of a column. */
    public List<Derivation> children(ColumnRef column) {
        build();
        List<Derivation> out = new ArrayList<>(children.getOrDefault(column.key(), List.of()));
        if (!column.isAll()) {
            for (Derivation d : children.getOrDefault(column.rename(ColumnRef.ALL).key(), List.of())) {
                if (d.from().isAll()) {
                    out.add(new Derivation(d.from().rename(column.column()), d.direct()));
                }
            }
        }
        return out;
    }

    /** Every column {@code column} derives from, nearest first. */
    public List<LineageStep> upstream(ColumnRef column) {
        return walk(column, true);
    }

    /** Every column derived from {@code column}, nearest first: what breaks if it is dropped. */
    public List<LineageStep> downstream(ColumnRef column) {
        return walk(column, false);
    }

    private List<LineageStep> walk(ColumnRef start, boolean up) {
        List<LineageStep> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(start.key());
        Deque<LineageStep> queue = new ArrayDeque<>();
        queue.add(new LineageStep(start, 0, true, null));
        while (!queue.isEmpty()) {
            LineageStep at = queue.poll();
            for (Derivation d : up ? parents(at.column()) : children(at.column())) {
                if (seen.add(d.from().key())) {
                    LineageStep step = new LineageStep(d.from(), at.depth() + 1, at.direct() && d.direct(), at.column());
                    out.add(step);
                    queue.add(step);
                }
            }
        }
        return out;
    }

    /**
     * The node or column a name means: {@code MODEL}, {@code MODEL.COLUMN}, {@code SOURCE.TABLE},
     * {@code SOURCE.TABLE.COLUMN}, or a unique id with an optional {@code .COLUMN}; the column
     * is {@code null} when the name is a node's. Source names win over a model column of the same
     * spelling; a {@code source:} prefix ({@code source:raw.users.email}) finds sources only.
     */
    public Optional<ColumnRef> find(String name) {
        build();
        String n = name.strip();
        if (n.startsWith("source:")) {
            return find(n.substring("source:".length())).filter(r -> r.uniqueId().startsWith("source."));
        }
        String lower = n.toLowerCase(Locale.ROOT);
        for (String id : display.keySet()) {
            if (lower.equals(id.toLowerCase(Locale.ROOT))) {
                return Optional.of(new ColumnRef(id, null));
            }
            if (lower.startsWith(id.toLowerCase(Locale.ROOT) + ".")) {
                return Optional.of(new ColumnRef(id, n.substring(id.length() + 1)));
            }
        }
        String[] parts = n.split("\\.");
        for (int k = Math.min(parts.length, 2); k >= 1; k--) {
            String id = byName.get(String.join(".", List.of(parts).subList(0, k)).toLowerCase(Locale.ROOT));
            if (id != null && parts.length - k <= 1) {
                return Optional.of(new ColumnRef(id, parts.length > k ? parts[k] : null));
            }
        }
        return Optional.empty();
    }

    /** The name to show for a node, source or relation. */
    public String displayName(String uniqueId) {
        build();
        String d = display.get(uniqueId);
        if (d != null) {
            return d;
        }
        return uniqueId.startsWith("relation.") ? uniqueId.substring("relation.".length()) : uniqueId;
    }

    /** {@code name.column} for showing a column. */
    public String displayName(ColumnRef column) {
        return displayName(column.uniqueId()) + "." + column.column();
    }
}
