package dev.kiln.internal.render;

import dev.kiln.Node;
import dev.kiln.Relation;
import dev.kiln.SourceTable;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * dbt_utils' most used macros as Kiln built-ins, rendered per dialect: reachable as
 * {@code ${dbt_utils.star(ref('x'))}} and by their plain names ({@code ${star(ref('x'))}}).
 * Arguments are positional, in dbt_utils' order. {@code star}, {@code union_relations},
 * {@code unpivot}, {@code get_column_values} and {@code get_relations_by_pattern} read the
 * warehouse while rendering, so the relations they read must exist (sources, seeds, models
 * built before).
 */
final class DbtUtils implements TemplateHashModel {

    /** Every built-in, by name. */
    static final Set<String> NAMES = Set.of("generate_surrogate_key", "star", "union_relations", "date_spine", "pivot",
            "unpivot", "get_column_values", "deduplicate", "safe_divide", "group_by", "get_relations_by_pattern");

    private static final String NULL_MARKER = "_dbt_utils_surrogate_key_null_";

    private final RenderContext ctx;
    private final Dialect d;

    DbtUtils(RenderContext ctx) {
        this.ctx = ctx;
        this.d = ctx.dialect();
    }

    @Override
    public TemplateModel get(String name) throws TemplateModelException {
        if (!NAMES.contains(name)) {
            throw new TemplateProblem("unknown-dbt-utils", "dbt_utils." + name + "() is not one of Kiln's built-ins.",
                    dev.kiln.internal.util.Suggest.didYouMean(name, NAMES, "Kiln has: " + String.join(", ",
                            new java.util.TreeSet<>(NAMES)) + " (docs/migrating-from-dbt.md)."));
        }
        return function(name);
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    /** The built-in {@code name} as a template function. */
    TemplateMethodModelEx function(String name) {
        return args -> {
            A a = new A(name, args);
            Object out = switch (name) {
                case "generate_surrogate_key" -> surrogateKey(a);
                case "safe_divide" -> "( " + a.text(0, "numerator") + " ) / nullif( ( " + a.text(1, "denominator") + " ), 0)";
                case "group_by" -> groupBy(a);
                case "date_spine" -> dateSpine(a);
                case "pivot" -> pivot(a);
                case "deduplicate" -> d.deduplicate(a.text(0, "relation"), a.text(1, "partition_by"), a.text(2, "order_by"));
                case "star" -> star(a);
                case "union_relations" -> unionRelations(a);
                case "unpivot" -> unpivot(a);
                case "get_column_values" -> columnValues(a);
                case "get_relations_by_pattern" -> relationsByPattern(a);
                default -> throw new IllegalStateException(name);
            };
            return out instanceof String s ? new SimpleScalar(s) : RenderScope.WRAPPER.wrap(out);
        };
    }

    private String surrogateKey(A a) throws TemplateModelException {
        List<String> fields = a.list(0, "field_list");
        if (fields.isEmpty()) {
            throw a.problem("needs at least one field", "${generate_surrogate_key(['order_id', 'line_no'])}");
        }
        List<String> parts = new ArrayList<>();
        for (String f : fields) {
            if (!parts.isEmpty()) {
                parts.add(d.quoteString("-"));
            }
            parts.add("coalesce(cast(" + f + " as " + d.typeString() + "), " + d.quoteString(NULL_MARKER) + ")");
        }
        return d.hash(d.concat(parts));
    }

    private String groupBy(A a) throws TemplateModelException {
        int n = a.integer(0, "n");
        StringJoiner j = new StringJoiner(", ", "group by ", "");
        for (int i = 1; i <= n; i++) {
            j.add(String.valueOf(i));
        }
        return j.toString();
    }

    private String dateSpine(A a) throws TemplateModelException {
        String part = a.text(0, "datepart").toLowerCase(Locale.ROOT);
        String start = a.text(1, "start_date");
        String end = a.text(2, "end_date");
        String digits = "(select 0 as d union all select 1 union all select 2 union all select 3 union all select 4 "
                + "union all select 5 union all select 6 union all select 7 union all select 8 union all select 9)";
        StringBuilder numbers = new StringBuilder("select d0.d + 10 * d1.d + 100 * d2.d + 1000 * d3.d + 10000 * d4.d as n from ");
        for (int i = 0; i < 5; i++) {
            numbers.append(i == 0 ? "" : " cross join ").append(digits).append(" as d").append(i);
        }
        String column = "date_" + part;
        boolean dateOnly = Set.of("day", "week", "month", "quarter", "year").contains(part);
        String value = d.dateadd(part, "kiln_numbers.n", "cast(" + start + " as " + (dateOnly ? "date" : d.typeTimestamp()) + ")");
        return "select * from (select cast(" + value + " as " + (dateOnly ? "date" : d.typeTimestamp()) + ") as " + column
                + " from (" + numbers + ") as kiln_numbers) as kiln_spine where " + column + " < cast(" + end + " as "
                + (dateOnly ? "date" : d.typeTimestamp()) + ")";
    }

    private String pivot(A a) throws TemplateModelException {
        String column = a.text(0, "column");
        List<String> values = a.list(1, "values");
        boolean alias = a.bool(2, "alias", true);
        String agg = a.opt(3, "agg", "sum");
        String cmp = a.opt(4, "cmp", "=");
        String prefix = a.opt(5, "prefix", "");
        String suffix = a.opt(6, "suffix", "");
        String then = a.opt(7, "then_value", "1");
        String otherwise = a.opt(8, "else_value", "0");
        boolean quote = a.bool(9, "quote_identifiers", true);
        boolean distinct = a.bool(10, "distinct", false);
        StringJoiner j = new StringJoiner(",\n  ");
        for (String v : values) {
            String expr = agg + "(" + (distinct ? "distinct " : "") + "case when " + column + " " + cmp + " "
                    + d.quoteString(v) + " then " + then + " else " + otherwise + " end)";
            if (alias) {
                String name = prefix + v + suffix;
                expr += " as " + (quote ? d.quoteIdentifier(name) : name);
            }
            j.add(expr);
        }
        return j.toString();
    }

    private String star(A a) throws TemplateModelException {
        String from = a.text(0, "from");
        Object aliasArg = a.value(1);
        String alias = aliasArg instanceof String s && !s.isEmpty() ? s : null;
        Set<String> except = lower(a.listOr(2, "except"));
        String prefix = a.opt(3, "prefix", "");
        String suffix = a.opt(4, "suffix", "");
        boolean quote = a.bool(5, "quote_identifiers", true);
        List<RelationInfo.Column> cols = built(a, from);
        if (cols == null) {
            String late = prefix.isEmpty() && suffix.isEmpty() ? d.starExcept(alias, a.listOr(2, "except")) : null;
            if (late != null) {
                return late;
            }
            cols = columns(a, from);
        }
        StringJoiner j = new StringJoiner(",\n  ");
        for (RelationInfo.Column c : cols) {
            if (except.contains(c.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            String ref = (alias == null ? "" : alias + ".") + (quote ? d.quoteIdentifier(c.name()) : c.name());
            j.add(prefix.isEmpty() && suffix.isEmpty() ? ref
                    : ref + " as " + (quote ? d.quoteIdentifier(prefix + c.name() + suffix) : prefix + c.name() + suffix));
        }
        return j.length() == 0 ? "*" : j.toString();
    }

    private String unionRelations(A a) throws TemplateModelException {
        List<String> relations = a.list(0, "relations");
        Set<String> include = lower(a.listOr(2, "include"));
        Set<String> exclude = lower(a.listOr(3, "exclude"));
        String sourceColumn = a.opt(4, "source_column_name", "_dbt_source_relation");
        String where = a.opt(5, "where", "");
        if (include.isEmpty()) {
            boolean allBuilt = true;
            for (String r : relations) {
                allBuilt &= built(a, r) != null;
            }
            if (!allBuilt) {
                List<String> names = new ArrayList<>();
                relations.forEach(r -> names.add(Placeholders.replace(r, this::relationText)));
                String late = d.unionByName(relations, names, sourceColumn, a.listOr(3, "exclude"), where);
                if (late != null) {
                    return late;
                }
            }
        }
        Map<String, String> all = new LinkedHashMap<>(); // lower-case name → "name type"
        Map<String, List<RelationInfo.Column>> byRelation = new LinkedHashMap<>();
        for (String r : relations) {
            List<RelationInfo.Column> cols = columns(a, r);
            byRelation.put(r, cols);
            for (RelationInfo.Column c : cols) {
                String key = c.name().toLowerCase(Locale.ROOT);
                if ((include.isEmpty() || include.contains(key)) && !exclude.contains(key)) {
                    all.putIfAbsent(key, c.name() + "\u0000" + c.type());
                }
            }
        }
        StringJoiner union = new StringJoiner("\nunion all\n");
        for (Map.Entry<String, List<RelationInfo.Column>> e : byRelation.entrySet()) {
            Map<String, String> here = new LinkedHashMap<>();
            e.getValue().forEach(c -> here.put(c.name().toLowerCase(Locale.ROOT), c.name()));
            StringJoiner cols = new StringJoiner(",\n    ");
            cols.add("cast(" + d.quoteString(Placeholders.replace(e.getKey(), this::relationText)) + " as "
                    + d.typeString() + ") as " + d.quoteIdentifier(sourceColumn));
            for (Map.Entry<String, String> c : all.entrySet()) {
                String[] nameType = c.getValue().split("\u0000", 2);
                String col = here.get(c.getKey());
                cols.add(col != null ? "cast(" + d.quoteIdentifier(col) + " as " + nameType[1] + ") as " + d.quoteIdentifier(nameType[0])
                        : "cast(null as " + nameType[1] + ") as " + d.quoteIdentifier(nameType[0]));
            }
            union.add("select\n    " + cols + "\nfrom " + e.getKey() + (where.isEmpty() ? "" : "\nwhere " + where));
        }
        return union.toString();
    }

    private String unpivot(A a) throws TemplateModelException {
        String relation = a.text(0, "relation");
        String castTo = a.opt(1, "cast_to", d.typeString());
        Set<String> exclude = lower(a.listOr(2, "exclude"));
        Set<String> remove = lower(a.listOr(3, "remove"));
        String field = a.opt(4, "field_name", "field_name");
        String value = a.opt(5, "value_name", "value");
        List<RelationInfo.Column> cols = columns(a, relation);
        List<String> kept = new ArrayList<>();
        for (RelationInfo.Column c : cols) {
            if (exclude.contains(c.name().toLowerCase(Locale.ROOT))) {
                kept.add(d.quoteIdentifier(c.name()));
            }
        }
        StringJoiner union = new StringJoiner("\nunion all\n");
        for (RelationInfo.Column c : cols) {
            String key = c.name().toLowerCase(Locale.ROOT);
            if (exclude.contains(key) || remove.contains(key)) {
                continue;
            }
            StringJoiner sel = new StringJoiner(",\n    ");
            kept.forEach(sel::add);
            sel.add("cast(" + d.quoteString(c.name()) + " as " + d.typeString() + ") as " + d.quoteIdentifier(field));
            sel.add("cast(" + d.quoteIdentifier(c.name()) + " as " + castTo + ") as " + d.quoteIdentifier(value));
            union.add("select\n    " + sel + "\nfrom " + relation);
        }
        return union.toString();
    }

    private List<Object> columnValues(A a) throws TemplateModelException {
        String table = a.text(0, "table");
        String column = a.text(1, "column");
        String where = a.opt(2, "where", "");
        String orderBy = a.opt(3, "order_by", "count(*) desc");
        Object max = a.value(4);
        Object fallback = a.value(5);
        Relation r = relation(table);
        if (r != null && warehouse(a).describe(r).isEmpty()) {
            if (fallback instanceof List<?> l) {
                return new ArrayList<>(l);
            }
            throw a.problem("reads " + table(r) + ", which does not exist in the warehouse yet",
                    "Build it first (kiln build -s +" + r.identifier() + "), or pass a default list as the sixth argument.");
        }
        String sql = "select " + column + " as kiln_value from " + table + (where.isEmpty() ? "" : " where " + where)
                + " group by " + column + " order by " + orderBy;
        QueryResult result;
        try {
            result = ctx.warehouse().query(Placeholders.replace(sql, this::relationText),
                    max == null || "".equals(max) ? 100_000 : Integer.parseInt(Args.text(max)));
        } catch (Warehouse.Unavailable e) {
            throw unavailable(a);
        }
        List<Object> out = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            out.add(row.get(0) == null ? null : String.valueOf(row.get(0)));
        }
        return out;
    }

    private List<Object> relationsByPattern(A a) throws TemplateModelException {
        String schema = a.text(0, "schema_pattern");
        String table = a.text(1, "table_pattern");
        String exclude = a.opt(2, "exclude", "");
        String sql = "select table_schema, table_name from information_schema.tables where lower(table_schema) like lower("
                + d.quoteString(schema) + ") and lower(table_name) like lower(" + d.quoteString(table) + ")"
                + (exclude.isEmpty() ? "" : " and lower(table_name) not like lower(" + d.quoteString(exclude) + ")")
                + " order by 1, 2";
        QueryResult result;
        try {
            result = ctx.warehouse().query(sql, 100_000);
        } catch (Warehouse.Unavailable e) {
            throw unavailable(a);
        }
        List<Object> out = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            out.add(d.render(new Relation(null, String.valueOf(row.get(0)), String.valueOf(row.get(1)))));
        }
        return out;
    }

    /** The columns of a relation that exists, or {@code null} when it is not built yet. */
    private List<RelationInfo.Column> built(A a, String relationText) throws TemplateModelException {
        Relation r = relation(relationText);
        if (r == null) {
            return columns(a, relationText); // reports the bad argument
        }
        return warehouse(a).describe(r).map(RelationInfo::columns).orElse(null);
    }

    private List<RelationInfo.Column> columns(A a, String relationText) throws TemplateModelException {
        Relation r = relation(relationText);
        if (r == null) {
            throw a.problem("needs a relation (ref('…') or source('…', '…')), not '" + relationText + "'",
                    "Pass ref('model') or source('source', 'table').");
        }
        RelationInfo info = warehouse(a).describe(r).orElse(null);
        if (info == null) {
            throw a.problem("reads the columns of " + table(r) + ", which does not exist in the warehouse yet",
                    "Kiln renders every model before building any: build " + r.identifier()
                            + " first (kiln build -s +" + r.identifier() + "), or list the columns yourself.");
        }
        return info.columns();
    }

    private Warehouse warehouse(A a) throws TemplateModelException {
        if (ctx.warehouse() == Warehouse.NONE) {
            throw unavailable(a);
        }
        return ctx.warehouse();
    }

    private TemplateProblem unavailable(A a) {
        return a.problem("reads the warehouse while rendering, and this command has no connection (kiln compile and "
                + "kiln ls render without one)", "Run it with kiln run or kiln build.");
    }

    private static String table(Relation r) {
        return (r.schema() == null ? "" : r.schema() + ".") + r.identifier();
    }

    /** The relation a rendered ref()/source() text stands for, or null. */
    private Relation relation(String text) {
        String t = text.strip();
        if (t.length() > 2 && t.charAt(0) == '\u0001' && t.charAt(t.length() - 1) == '\u0001') {
            Node node = ctx.project().nodes().get(t.substring(1, t.length() - 1));
            return node == null ? null : new RelationNamer(ctx.target(), d).relation(node, node.config());
        }
        for (SourceTable s : ctx.project().sources().values()) {
            if (d.renderSource(s, ctx.project().config().root()).equals(t)) {
                return s.relation();
            }
        }
        return null;
    }

    private String relationText(String uniqueId) {
        Node node = ctx.project().nodes().get(uniqueId);
        return node == null ? uniqueId : d.render(new RelationNamer(ctx.target(), d).relation(node, node.config()));
    }

    private static Set<String> lower(List<String> names) {
        Set<String> out = new java.util.HashSet<>();
        names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** The arguments of one call, with dbt_utils' defaults. */
    private static final class A {
        private final String fn;
        private final List<?> args;

        A(String fn, List<?> args) {
            this.fn = fn;
            this.args = args;
        }

        Object value(int i) throws TemplateModelException {
            return i < args.size() ? Args.value(args, i) : null;
        }

        String text(int i, String name) throws TemplateModelException {
            Object v = value(i);
            if (v == null) {
                throw problem("needs its argument '" + name + "' (argument " + (i + 1) + ")",
                        "See docs/migrating-from-dbt.md for " + fn + "'s arguments.");
            }
            return Args.text(v);
        }

        String opt(int i, String name, String fallback) throws TemplateModelException {
            Object v = value(i);
            return v == null || "".equals(v) && !name.endsWith("fix") ? fallback : Args.text(v);
        }

        int integer(int i, String name) throws TemplateModelException {
            try {
                return Integer.parseInt(text(i, name));
            } catch (NumberFormatException e) {
                throw problem("needs a whole number as '" + name + "'", "Write " + fn + "(3).");
            }
        }

        boolean bool(int i, String name, boolean fallback) throws TemplateModelException {
            Object v = value(i);
            return v == null || "".equals(v) ? fallback : Boolean.parseBoolean(Args.text(v));
        }

        List<String> list(int i, String name) throws TemplateModelException {
            Object v = value(i);
            if (!(v instanceof List<?> l)) {
                throw problem("needs a list as '" + name + "' (argument " + (i + 1) + ")",
                        "Write it as a list: ['a', 'b'].");
            }
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(Args.text(o));
            }
            return out;
        }

        List<String> listOr(int i, String name) throws TemplateModelException {
            Object v = value(i);
            return v == null || "".equals(v) ? List.of() : list(i, name);
        }

        TemplateProblem problem(String what, String hint) {
            return new TemplateProblem("bad-call", fn + "() " + what + ".", hint);
        }
    }
}
