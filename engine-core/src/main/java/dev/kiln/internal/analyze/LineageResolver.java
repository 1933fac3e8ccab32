package dev.kiln.internal.analyze;

import dev.kiln.ColumnRef;
import dev.kiln.internal.link.Linker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a model's {@link Shape} against the columns of what it reads: the output columns
 * with the upstream columns each derives from, and every relation it reads. Names follow SQL's
 * scoping (CTEs, aliases, correlated subqueries), compared case-insensitively. One instance per
 * model.
 */
final class LineageResolver {

    /**
     * A relation read, with where it is named.
     *
     * @param uniqueId the node or source, or {@code null} for a table Kiln does not manage
     * @param written  the name as written (dotted), or the rendered text
     * @param declared read through {@code ref()}/{@code source()}, or declared with them
     * @param offset   where its name starts in the compiled SQL
     */
    record Read(String uniqueId, String written, boolean declared, int offset) {
    }

    /**
     * What a model's resolution needs.
     *
     * @param self       the model's unique id
     * @param renderings rendered relation text → unique id, for what the model declared
     * @param declared   the unique ids the model declared (depends-on and sources)
     * @param catalog    managed relations by name
     * @param schemas    the columns of upstream nodes
     */
    record Context(String self, Map<String, String> renderings, Set<String> declared, RelationCatalog catalog,
                   Schemas schemas) {
    }

    /** CTEs in scope. */
    private record Ctes(Ctes parent, Map<String, Rel.Resolved> byName) {
        Rel.Resolved find(String name) {
            for (Ctes c = this; c != null; c = c.parent) {
                Rel.Resolved r = c.byName.get(name.toLowerCase(Locale.ROOT));
                if (r != null) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Relations in scope for column references, innermost first. */
    private record Scope(Scope parent, List<Rel> rels, Map<String, Col> aliases) {
    }

    private final Context ctx;
    private final List<Read> reads = new ArrayList<>();

    LineageResolver(Context ctx) {
        this.ctx = ctx;
    }

    /** The output of the model's query. */
    Rel.Resolved resolve(Shape shape) {
        return query(shape, null, new Ctes(null, Map.of()));
    }

    /** The relations read, in order of appearance. */
    List<Read> reads() {
        return reads;
    }

    private Rel.Resolved query(Shape shape, Scope outer, Ctes ctes) {
        if (shape instanceof Shape.Select s) {
            return select(s, outer, ctes);
        }
        if (shape instanceof Shape.SetOp op) {
            return setOp(op, outer, ctes);
        }
        Shape.With w = (Shape.With) shape;
        Ctes scope = new Ctes(ctes, new HashMap<>());
        for (Shape.Cte cte : w.ctes()) {
            String key = cte.name().toLowerCase(Locale.ROOT);
            scope.byName.put(key, new Rel.Resolved(List.of(), null)); // a recursive CTE reads itself
            Rel.Resolved out = query(cte.query(), outer, scope);
            scope.byName.put(key, renamed(out, cte.columns()));
        }
        return query(w.body(), outer, scope);
    }

    private static Rel.Resolved renamed(Rel.Resolved out, List<String> names) {
        if (names.isEmpty()) {
            return out;
        }
        List<Col> cols = new ArrayList<>();
        for (int i = 0; i < out.columns().size(); i++) {
            Col c = out.columns().get(i);
            cols.add(i < names.size() ? c.renamed(names.get(i)) : c);
        }
        return new Rel.Resolved(cols, out.wildcard());
    }

    private Rel.Resolved setOp(Shape.SetOp op, Scope outer, Ctes ctes) {
        List<Rel.Resolved> branches = new ArrayList<>();
        for (Shape s : op.contributing()) {
            branches.add(query(s, outer, ctes));
        }
        for (Shape s : op.others()) {
            query(s, outer, ctes);
        }
        Rel.Resolved first = branches.get(0);
        List<Col> cols = new ArrayList<>();
        for (int i = 0; i < first.columns().size(); i++) {
            Col c = first.columns().get(i).renamed(first.columns().get(i).name);
            for (Rel.Resolved b : branches.subList(1, branches.size())) {
                if (i < b.columns().size()) {
                    c.union(b.columns().get(i).from);
                }
            }
            cols.add(c);
        }
        Col wildcard = null;
        for (Rel.Resolved b : branches) {
            if (b.wildcard() != null) {
                wildcard = wildcard == null ? new Col(ColumnRef.ALL) : wildcard;
                wildcard.add(b.wildcard().from, true);
            }
        }
        return new Rel.Resolved(cols, wildcard);
    }

    private Rel.Resolved select(Shape.Select s, Scope outer, Ctes ctes) {
        List<Rel> rels = new ArrayList<>();
        Scope scope = new Scope(outer, rels, new HashMap<>());
        for (Shape.From f : s.from()) {
            rels.add(relation(f, scope, ctes)); // later items may read earlier ones (LATERAL, UNNEST)
        }
        for (Shape q : s.subqueries()) {
            query(q, scope, ctes);
        }
        List<Col> out = new ArrayList<>();
        Col wildcard = null;
        for (Shape.Item item : s.items()) {
            if (item instanceof Shape.Column c) {
                Col col = column(c, scope, ctes);
                out.add(col);
                if (col.name != null) {
                    scope.aliases().putIfAbsent(col.name.toLowerCase(Locale.ROOT), col);
                }
            } else {
                wildcard = star((Shape.Star) item, s, scope, ctes, out, wildcard);
            }
        }
        return new Rel.Resolved(out, wildcard);
    }

    private Col column(Shape.Column c, Scope scope, Ctes ctes) {
        Col col = new Col(c.name());
        boolean direct = c.direct() && c.expr().refs().size() == 1 && c.expr().subqueries().isEmpty();
        col.add(sources(c.expr(), scope, ctes), direct);
        return col;
    }

    private Map<ColumnRef, Boolean> sources(Shape.Expr expr, Scope scope, Ctes ctes) {
        Map<ColumnRef, Boolean> out = new LinkedHashMap<>();
        for (List<String> ref : expr.refs()) {
            reference(ref, scope).forEach((k, d) -> out.merge(k, d, Boolean::logicalOr));
        }
        for (Shape q : expr.subqueries()) {
            Rel.Resolved r = query(q, scope, ctes);
            for (Col c : r.columns()) {
                c.from.keySet().forEach(k -> out.merge(k, false, Boolean::logicalOr));
            }
            if (r.wildcard() != null) {
                r.wildcard().from.keySet().forEach(k -> out.merge(k, false, Boolean::logicalOr));
            }
        }
        return out;
    }

    /** What a column reference reads: its relation's column, looked up from the innermost scope out. */
    private Map<ColumnRef, Boolean> reference(List<String> parts, Scope scope) {
        for (Scope sc = scope; sc != null; sc = sc.parent()) {
            for (int k = parts.size() - 1; k >= 1; k--) {
                String qualifier = String.join(".", parts.subList(0, k)).toLowerCase(Locale.ROOT);
                for (Rel r : sc.rels()) {
                    if (r.named(qualifier)) {
                        Col c = r.column(parts.get(k));
                        return c == null ? Map.of() : c.from;
                    }
                }
            }
            String name = parts.get(0);
            Map<ColumnRef, Boolean> found = new LinkedHashMap<>();
            for (Rel r : sc.rels()) {
                if (r.hasKnown(name)) {
                    r.column(name).from.forEach((k, d) -> found.merge(k, d, Boolean::logicalOr));
                }
            }
            if (found.isEmpty()) {
                for (Rel r : sc.rels()) {
                    if (r.wildcard != null) {
                        r.column(name).from.forEach((k, d) -> found.merge(k, d, Boolean::logicalOr));
                    }
                }
            }
            if (!found.isEmpty()) {
                return found;
            }
            Col alias = sc.aliases().get(name.toLowerCase(Locale.ROOT));
            if (alias != null) {
                Map<ColumnRef, Boolean> t = new LinkedHashMap<>();
                alias.from.keySet().forEach(k -> t.put(k, false));
                return t;
            }
        }
        return Map.of();
    }

    private Col star(Shape.Star star, Shape.Select s, Scope scope, Ctes ctes, List<Col> out, Col wildcard) {
        List<Rel> rels = new ArrayList<>();
        String qualifier = String.join(".", star.qualifier()).toLowerCase(Locale.ROOT);
        for (Rel r : scope.rels()) {
            if (star.qualifier().isEmpty() || r.named(qualifier)) {
                rels.add(r);
            }
        }
        Set<String> excluded = new HashSet<>();
        star.excluded().forEach(e -> excluded.add(e.toLowerCase(Locale.ROOT)));
        Map<String, Shape.Column> replaced = new HashMap<>();
        star.replaced().forEach(c -> replaced.put(c.name().toLowerCase(Locale.ROOT), c));
        Set<String> merged = star.qualifier().isEmpty() ? usingColumns(s, rels) : Set.of();
        Map<String, Col> emitted = new HashMap<>();
        Col w = wildcard;
        for (Rel r : rels) {
            for (Col c : r.known()) {
                String key = c.name.toLowerCase(Locale.ROOT);
                if (excluded.contains(key)) {
                    continue;
                }
                Col prior = emitted.get(key);
                if (prior != null && merged.contains(key)) {
                    prior.add(c.from, true);
                    continue;
                }
                Shape.Column replacement = replaced.get(key);
                Col col = replacement != null ? column(replacement, scope, ctes).renamed(c.name) : c.renamed(c.name);
                out.add(col);
                emitted.putIfAbsent(key, col);
            }
            if (r.wildcard != null) {
                w = w == null ? new Col(ColumnRef.ALL) : w;
                w.add(r.wildcard.from, true);
            }
        }
        return w;
    }

    /** The columns a {@code USING} or {@code NATURAL} join merges. */
    private static Set<String> usingColumns(Shape.Select s, List<Rel> rels) {
        Set<String> out = new HashSet<>();
        for (String u : s.using()) {
            if (!"*".equals(u)) {
                out.add(u.toLowerCase(Locale.ROOT));
            }
        }
        if (s.using().contains("*")) {
            Map<String, Integer> counts = new HashMap<>();
            rels.forEach(r -> r.columns.keySet().forEach(k -> counts.merge(k, 1, Integer::sum)));
            counts.forEach((k, n) -> {
                if (n > 1) {
                    out.add(k);
                }
            });
        }
        return out;
    }

    private Rel relation(Shape.From f, Scope scope, Ctes ctes) {
        if (f instanceof Shape.Derived d) {
            return Rel.of(keys(d.alias()), query(d.query(), scope, ctes), d.columns());
        }
        if (f instanceof Shape.Function fn) {
            Col args = new Col(ColumnRef.ALL).add(sources(fn.args(), scope, ctes), false);
            Rel r = new Rel(keys(fn.alias()));
            if (fn.columns().isEmpty()) {
                r.wildcard = args;
            } else {
                fn.columns().forEach(c -> r.put(args.renamed(c)));
            }
            return r;
        }
        return table((Shape.Table) f, ctes);
    }

    private Rel table(Shape.Table t, Ctes ctes) {
        if (t.rendered() == null && t.name().size() == 1) {
            Rel.Resolved cte = ctes.find(t.name().get(0));
            if (cte != null) {
                return Rel.of(keys(t.alias() != null ? t.alias() : t.name().get(0)), cte, List.of());
            }
        }
        String id;
        boolean declared;
        if (t.rendered() != null) {
            id = ctx.renderings().get(t.rendered());
            if (id == null && t.rendered().startsWith(Linker.CTE_PREFIX)) {
                id = ctx.catalog().ephemeral(t.rendered().substring(Linker.CTE_PREFIX.length()));
            }
            declared = true;
        } else {
            id = ctx.catalog().lookup(t.name());
            declared = id != null && ctx.declared().contains(id);
        }
        String written = t.rendered() != null ? t.rendered() : String.join(".", t.name());
        if (!ctx.self().equals(id)) {
            reads.add(new Read(id, written, declared, t.offset()));
        }
        Set<String> keys = new LinkedHashSet<>();
        if (t.alias() != null) {
            keys.add(t.alias().toLowerCase(Locale.ROOT));
        } else {
            keys.add(written.toLowerCase(Locale.ROOT));
            keys.add(t.name().get(t.name().size() - 1).toLowerCase(Locale.ROOT));
            if (id != null) {
                keys.add(ctx.catalog().identifier(id).toLowerCase(Locale.ROOT));
            }
        }
        Rel r = new Rel(keys);
        if (ctx.self().equals(id)) {
            r.wildcard = new Col(ColumnRef.ALL); // the model reading itself: no lineage
            return r;
        }
        String node = id != null ? id : "relation." + written.toLowerCase(Locale.ROOT);
        Schemas.Schema schema = id == null ? Schemas.Schema.UNKNOWN : ctx.schemas().of(id, declared);
        for (String c : schema.columns()) {
            Col col = new Col(c);
            col.from.put(new ColumnRef(node, c), true);
            r.put(col);
        }
        if (!schema.complete()) {
            r.wildcard = new Col(ColumnRef.ALL);
            r.wildcard.from.put(new ColumnRef(node, ColumnRef.ALL), true);
        }
        return r;
    }

    private static Set<String> keys(String alias) {
        return alias == null ? Set.of() : Set.of(alias.toLowerCase(Locale.ROOT));
    }
}
