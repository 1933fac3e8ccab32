package dev.kiln.internal.analyze;

import dev.kiln.internal.link.Linker;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlStarExclude;
import org.apache.calcite.sql.SqlStarReplace;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a Calcite parse tree into a {@link Shape}. Identifiers that stand for relations Kiln
 * rendered (see {@link RelationMasks}) become tables carrying the rendered text; the CTEs that
 * inline ephemeral models are left out, and reading one is reading that model.
 */
final class ShapeExtractor {

    private final Map<String, String> masks;
    private final LineIndex lines;

    /** @param masks placeholder identifier → rendered relation text; @param lines offsets of the parsed SQL */
    ShapeExtractor(Map<String, String> masks, LineIndex lines) {
        this.masks = masks;
        this.lines = lines;
    }

    /** The shape of a query. */
    Shape query(SqlNode node) {
        SqlNode n = node;
        while (n instanceof SqlOrderBy o) {
            n = o.query;
        }
        if (n instanceof SqlSelect s) {
            return select(s);
        }
        if (n instanceof SqlWith w) {
            return with(w);
        }
        if (n instanceof SqlCall call) {
            SqlKind kind = call.getKind();
            if (kind == SqlKind.UNION) {
                return new Shape.SetOp(call.getOperandList().stream().map(this::query).toList(), List.of());
            }
            if (kind == SqlKind.INTERSECT || kind == SqlKind.EXCEPT) {
                List<Shape> branches = call.getOperandList().stream().map(this::query).toList();
                return new Shape.SetOp(branches.subList(0, 1), branches.subList(1, branches.size()));
            }
            if (kind == SqlKind.VALUES) {
                return values(call);
            }
            if (kind == SqlKind.EXPLICIT_TABLE) {
                List<Shape.From> from = new ArrayList<>();
                from(call.operand(0), null, List.of(), from, new ArrayList<>(), new ArrayList<>());
                return new Shape.Select(from, List.of(new Shape.Star(List.of(), List.of(), List.of())), List.of(), List.of());
            }
        }
        // anything else: read what it reads, produce nothing known
        return new Shape.Select(List.of(), List.of(), List.of(), subqueriesOf(n));
    }

    private Shape with(SqlWith w) {
        List<Shape.Cte> ctes = new ArrayList<>();
        for (SqlNode item : w.withList) {
            SqlWithItem wi = (SqlWithItem) item;
            String name = wi.name.getSimple();
            if (name.startsWith(Linker.CTE_PREFIX)) {
                continue; // an inlined ephemeral model: analysed as a model of its own
            }
            List<String> columns = wi.columnList == null ? List.of() : names(wi.columnList);
            ctes.add(new Shape.Cte(name, columns, query(wi.query)));
        }
        Shape body = query(w.body);
        return ctes.isEmpty() ? body : new Shape.With(ctes, body);
    }

    private Shape values(SqlCall call) {
        List<Shape.Item> items = new ArrayList<>();
        if (!call.getOperandList().isEmpty() && call.operand(0) instanceof SqlCall row) {
            int i = 0;
            for (SqlNode v : row.getOperandList()) {
                items.add(new Shape.Column("EXPR$" + i++, false, expr(v)));
            }
        }
        return new Shape.Select(List.of(), items, List.of(), List.of());
    }

    private Shape select(SqlSelect s) {
        List<Shape.From> from = new ArrayList<>();
        List<String> using = new ArrayList<>();
        List<Shape> subqueries = new ArrayList<>();
        if (s.getFrom() != null) {
            from(s.getFrom(), null, List.of(), from, using, subqueries);
        }
        List<Shape.Item> items = new ArrayList<>();
        int ordinal = 0;
        for (SqlNode item : s.getSelectList()) {
            items.add(item(item, ordinal++));
        }
        for (SqlNode clause : new SqlNode[] {s.getWhere(), s.getGroup(), s.getHaving(), s.getQualify(),
                s.getWindowList(), s.getOrderList()}) {
            if (clause != null) {
                subqueries.addAll(subqueriesOf(clause));
            }
        }
        return new Shape.Select(from, items, using, subqueries);
    }

    private Shape.Item item(SqlNode node, int ordinal) {
        if (node instanceof SqlIdentifier id && id.isStar()) {
            return new Shape.Star(id.names.subList(0, id.names.size() - 1), List.of(), List.of());
        }
        if (node instanceof SqlStarExclude ex) {
            SqlIdentifier star = ex.getStarIdentifier();
            return new Shape.Star(star.names.subList(0, star.names.size() - 1), names(ex.getExcludeList()), List.of());
        }
        if (node instanceof SqlStarReplace rep) {
            SqlIdentifier star = rep.getStarIdentifier();
            List<Shape.Column> replaced = new ArrayList<>();
            for (SqlNode r : rep.getReplaceList()) {
                if (item(r, -1) instanceof Shape.Column c && c.name() != null) {
                    replaced.add(c);
                }
            }
            return new Shape.Star(star.names.subList(0, star.names.size() - 1), List.of(), replaced);
        }
        if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            SqlNode value = as.operand(0);
            String name = ((SqlIdentifier) as.operand(1)).getSimple();
            return new Shape.Column(name, isColumn(value), expr(value));
        }
        if (node instanceof SqlIdentifier id) {
            return new Shape.Column(id.names.get(id.names.size() - 1), true, expr(id));
        }
        return new Shape.Column(ordinal < 0 ? null : "EXPR$" + ordinal, false, expr(node));
    }

    private static boolean isColumn(SqlNode node) {
        return node instanceof SqlIdentifier id && !id.isStar();
    }

    private void from(SqlNode node, String alias, List<String> columns, List<Shape.From> out, List<String> using,
                      List<Shape> subqueries) {
        if (node instanceof SqlJoin join) {
            from(join.getLeft(), null, List.of(), out, using, subqueries);
            from(join.getRight(), null, List.of(), out, using, subqueries);
            if (join.isNatural()) {
                using.add("*");
            } else if (join.getConditionType() == JoinConditionType.USING && join.getCondition() instanceof SqlNodeList l) {
                using.addAll(names(l));
            } else if (join.getCondition() != null) {
                subqueries.addAll(subqueriesOf(join.getCondition()));
            }
            return;
        }
        if (node instanceof SqlIdentifier id) {
            out.add(table(id, alias));
            return;
        }
        if (!(node instanceof SqlCall call)) {
            return;
        }
        switch (call.getKind()) {
            case AS -> {
                List<SqlNode> ops = call.getOperandList();
                List<String> cols = new ArrayList<>();
                for (int i = 2; i < ops.size(); i++) {
                    cols.add(((SqlIdentifier) ops.get(i)).getSimple());
                }
                from(ops.get(0), ((SqlIdentifier) ops.get(1)).getSimple(), cols, out, using, subqueries);
            }
            case LATERAL, TABLESAMPLE, TABLE_REF, SNAPSHOT -> from(call.operand(0), alias, columns, out, using, subqueries);
            case SELECT, UNION, INTERSECT, EXCEPT, WITH, ORDER_BY, VALUES, EXPLICIT_TABLE ->
                    out.add(new Shape.Derived(alias, columns, query(call)));
            case COLLECTION_TABLE, UNNEST -> out.add(new Shape.Function(alias, columns, expr(call)));
            default -> out.add(new Shape.Function(alias, columns, new Shape.Expr(List.of(), subqueriesOf(call))));
        }
    }

    private Shape.Table table(SqlIdentifier id, String alias) {
        List<String> name = id.names;
        int offset = offset(id.getParserPosition());
        if (name.size() == 1) {
            String single = name.get(0);
            String rendered = masks.get(single);
            if (rendered != null) {
                return new Shape.Table(alias, List.of(rendered), rendered, offset);
            }
            if (single.startsWith(Linker.CTE_PREFIX)) {
                return new Shape.Table(alias, name, single, offset);
            }
        }
        return new Shape.Table(alias, name, null, offset);
    }

    private int offset(SqlParserPos pos) {
        return lines.offset(pos.getLineNum(), pos.getColumnNum());
    }

    /** The column references and subqueries of an expression. */
    Shape.Expr expr(SqlNode node) {
        List<List<String>> refs = new ArrayList<>();
        List<Shape> subqueries = new ArrayList<>();
        walk(node, refs, subqueries, Set.of());
        return refs.isEmpty() && subqueries.isEmpty() ? Shape.Expr.NONE : new Shape.Expr(refs, subqueries);
    }

    private List<Shape> subqueriesOf(SqlNode node) {
        List<Shape> subqueries = new ArrayList<>();
        walk(node, new ArrayList<>(), subqueries, Set.of());
        return subqueries;
    }

    private void walk(SqlNode node, List<List<String>> refs, List<Shape> subqueries, Set<String> lambdaParams) {
        if (node == null || node instanceof SqlDataTypeSpec) {
            return;
        }
        if (node instanceof SqlIdentifier id) {
            if (!id.isStar() && !(id.names.size() == 1 && lambdaParams.contains(id.getSimple()))) {
                String rendered = masks.get(id.names.get(0));
                if (rendered == null) {
                    refs.add(id.names);
                } else { // "schema"."table".column, qualified by a rendered relation
                    List<String> parts = new ArrayList<>(id.names);
                    parts.set(0, rendered);
                    refs.add(parts);
                }
            }
            return;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode n : list) {
                walk(n, refs, subqueries, lambdaParams);
            }
            return;
        }
        if (!(node instanceof SqlCall call)) {
            return;
        }
        switch (call.getKind()) {
            case SELECT, UNION, INTERSECT, EXCEPT, WITH, ORDER_BY, VALUES, EXPLICIT_TABLE -> subqueries.add(query(call));
            case OVER -> {
                walk(call.operand(0), refs, subqueries, lambdaParams);
                if (call.operand(1) instanceof SqlWindow w) {
                    walk(w, refs, subqueries, lambdaParams);
                }
            }
            case DOT, ARGUMENT_ASSIGNMENT -> walk(call.operand(0), refs, subqueries, lambdaParams);
            default -> {
                if (call instanceof SqlWindow w) {
                    walk(w.getPartitionList(), refs, subqueries, lambdaParams);
                    walk(w.getOrderList(), refs, subqueries, lambdaParams);
                } else if (call instanceof SqlLambda lambda) {
                    Set<String> params = new HashSet<>(lambdaParams);
                    params.addAll(names(lambda.getParameters()));
                    walk(lambda.getExpression(), refs, subqueries, params);
                } else {
                    for (SqlNode operand : call.getOperandList()) {
                        walk(operand, refs, subqueries, lambdaParams);
                    }
                }
            }
        }
    }

    private static List<String> names(SqlNodeList list) {
        List<String> out = new ArrayList<>(list.size());
        for (SqlNode n : list) {
            if (n instanceof SqlIdentifier id) {
                out.add(id.names.get(id.names.size() - 1));
            }
        }
        return out;
    }
}
