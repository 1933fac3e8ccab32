package dev.kiln.internal.analyze;

import java.util.List;

/**
 * What lineage needs to know about a query, without Calcite's types: which relations it reads,
 * and which column references each output column is computed from. Extracted once from the
 * parse tree ({@link ShapeExtractor}), cached ({@link ShapeCodec}), and resolved against the
 * columns of upstream nodes ({@link LineageResolver}) on every run.
 */
sealed interface Shape permits Shape.Select, Shape.SetOp, Shape.With {

    /** A {@code SELECT} block. */
    record Select(List<From> from, List<Item> items, List<String> using, List<Shape> subqueries) implements Shape {
        /** Copies the lists. */
        public Select {
            from = List.copyOf(from);
            items = List.copyOf(items);
            using = List.copyOf(using);
            subqueries = List.copyOf(subqueries);
        }
    }

    /**
     * {@code UNION}, {@code INTERSECT} or {@code EXCEPT}: output columns are named by the first
     * branch; values come from the {@code contributing} branches, the {@code others} are only read.
     */
    record SetOp(List<Shape> contributing, List<Shape> others) implements Shape {
        /** Copies the lists. */
        public SetOp {
            contributing = List.copyOf(contributing);
            others = List.copyOf(others);
        }
    }

    /** A query with common table expressions. */
    record With(List<Cte> ctes, Shape body) implements Shape {
        /** Copies the list. */
        public With {
            ctes = List.copyOf(ctes);
        }
    }

    /** One common table expression; {@code columns} is its column list, or empty. */
    record Cte(String name, List<String> columns, Shape query) {
        /** Copies the list. */
        public Cte {
            columns = List.copyOf(columns);
        }
    }

    /** One item of a {@code FROM} clause. */
    sealed interface From permits Table, Derived, Function {
        /** The alias the rest of the query uses, or {@code null}. */
        String alias();
    }

    /**
     * A named relation.
     *
     * @param alias    its alias, or {@code null}
     * @param name     the name as written (one to three parts)
     * @param rendered for a relation Kiln rendered ({@code ref()}, {@code source()}, an inlined
     *                 ephemeral model), the rendered text; otherwise {@code null}
     * @param offset   where the name starts in the compiled SQL
     */
    record Table(String alias, List<String> name, String rendered, int offset) implements From {
        /** Copies the list. */
        public Table {
            name = List.copyOf(name);
        }
    }

    /** A subquery in {@code FROM}, with its optional column aliases. */
    record Derived(String alias, List<String> columns, Shape query) implements From {
        /** Copies the list. */
        public Derived {
            columns = List.copyOf(columns);
        }
    }

    /** {@code UNNEST(…)} or another table function; its columns are its column aliases. */
    record Function(String alias, List<String> columns, Expr args) implements From {
        /** Copies the list. */
        public Function {
            columns = List.copyOf(columns);
        }
    }

    /** One item of a select list. */
    sealed interface Item permits Column, Star {
    }

    /**
     * An expression item.
     *
     * @param name   its output name ({@code null} when the expression has none)
     * @param direct true when it is a plain column reference
     * @param expr   what it reads
     */
    record Column(String name, boolean direct, Expr expr) implements Item {
    }

    /**
     * {@code *} or {@code t.*}, less any {@code EXCLUDE}d columns, with {@code REPLACE}d ones
     * computed anew in place.
     */
    record Star(List<String> qualifier, List<String> excluded, List<Column> replaced) implements Item {
        /** Copies the lists. */
        public Star {
            qualifier = List.copyOf(qualifier);
            excluded = List.copyOf(excluded);
            replaced = List.copyOf(replaced);
        }
    }

    /** The column references and subqueries of an expression. */
    record Expr(List<List<String>> refs, List<Shape> subqueries) {
        /** An expression that reads nothing. */
        static final Expr NONE = new Expr(List.of(), List.of());

        /** Copies the lists. */
        public Expr {
            refs = refs.stream().map(List::copyOf).toList();
            subqueries = List.copyOf(subqueries);
        }
    }
}
