package dev.kiln.internal.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates one Jinja expression (Python-like) into a FreeMarker expression: operators
 * ({@code and}, {@code ~}, {@code >}, {@code in}, {@code is none}), filters ({@code |lower}),
 * string methods, {@code loop.last}, {@code range()}, keyword arguments of known macros and the
 * dbt cross-database macros ({@code dbt.dateadd} → {@code dateadd}).
 */
public final class JinjaExpressions {

    /** What a translation needs to know about its surroundings. */
    public interface Scope {
        /** The innermost {@code for} loop variable, or {@code null} outside loops. */
        String loopVariable();

        /** The parameter names of a callable (a project macro or built-in), or {@code null} if unknown. */
        List<String> parameters(String callee);
    }

    /** {@code adapter.dispatch('x')} calls the function {@code x__dispatch}, which branches on {@code target.type}. */
    public static final String DISPATCH_SUFFIX = "__dispatch";

    private record Tok(String type, String text) {
    }

    private final List<Tok> toks;
    private final Scope scope;
    private int p;

    private JinjaExpressions(List<Tok> toks, Scope scope) {
        this.toks = toks;
        this.scope = scope;
    }

    /** The FreeMarker form of {@code jinja}. */
    public static String translate(String jinja, Scope scope) throws Unconvertible {
        JinjaExpressions e = new JinjaExpressions(tokenize(jinja), scope);
        String out = e.expr();
        if (e.p < e.toks.size()) {
            throw new Unconvertible("unexpected '" + e.toks.get(e.p).text() + "' in expression '" + jinja + "'");
        }
        return out;
    }

    /** A call parsed into a callee and its arguments (for statement-level calls such as config()). */
    public record Call(String callee, List<String> positional, Map<String, String> named) {
    }

    /** Parses {@code jinja} as one call {@code name(args)}, or returns {@code null} if it is not one. */
    public static Call call(String jinja, Scope scope) throws Unconvertible {
        JinjaExpressions e = new JinjaExpressions(tokenize(jinja), scope);
        if (e.toks.size() < 3 || !e.toks.get(0).type().equals("name")) {
            return null;
        }
        StringBuilder name = new StringBuilder(e.next().text());
        while (e.peekIs(".") && e.p + 1 < e.toks.size()) {
            e.p++;
            name.append('.').append(e.next().text());
        }
        if (!e.peekIs("(")) {
            return null;
        }
        e.p++;
        List<String> pos = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        e.arguments(pos, named);
        if (e.p < e.toks.size()) {
            return null;
        }
        return new Call(name.toString(), pos, named);
    }

    // ---- tokenizer ----

    private static List<Tok> tokenize(String s) throws Unconvertible {
        List<Tok> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= s.length()) {
                    throw new Unconvertible("an unterminated string in '" + s + "'");
                }
                out.add(new Tok("str", s.substring(i, j + 1)));
                i = j + 1;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.'
                        && j + 1 < s.length() && Character.isDigit(s.charAt(j + 1)))) {
                    j++;
                }
                out.add(new Tok("num", s.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Tok("name", s.substring(i, j)));
                i = j;
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<=", ">=", "//", "**").contains(two)) {
                    out.add(new Tok("op", two));
                    i += 2;
                } else if ("()[]{},.:|~+-*/%<>=".indexOf(c) >= 0) {
                    out.add(new Tok("op", String.valueOf(c)));
                    i++;
                } else {
                    throw new Unconvertible("the character '" + c + "' in '" + s + "'");
                }
            }
        }
        return out;
    }

    // ---- parser: each method returns FreeMarker text ----

    private boolean peekIs(String text) {
        return p < toks.size() && toks.get(p).text().equals(text) && !toks.get(p).type().equals("str");
    }

    private boolean peekName(String name) {
        return p < toks.size() && toks.get(p).type().equals("name") && toks.get(p).text().equals(name);
    }

    private Tok next() throws Unconvertible {
        if (p >= toks.size()) {
            throw new Unconvertible("the expression ends too early");
        }
        return toks.get(p++);
    }

    private void expect(String text) throws Unconvertible {
        Tok t = next();
        if (!t.text().equals(text)) {
            throw new Unconvertible("expected '" + text + "' but found '" + t.text() + "'");
        }
    }

    String expr() throws Unconvertible {
        String value = or();
        if (peekName("if")) { // a if cond else b
            p++;
            String cond = or();
            String otherwise = "\"\"";
            if (peekName("else")) {
                p++;
                otherwise = or();
            }
            return "(" + cond + ")?then(" + value + ", " + otherwise + ")";
        }
        return value;
    }

    private String or() throws Unconvertible {
        String left = and();
        while (peekName("or")) {
            p++;
            left = left + " || " + and();
        }
        return left;
    }

    private String and() throws Unconvertible {
        String left = not();
        while (peekName("and")) {
            p++;
            left = left + " && " + not();
        }
        return left;
    }

    private String not() throws Unconvertible {
        if (peekName("not")) {
            p++;
            return "!(" + not() + ")";
        }
        return comparison();
    }

    private String comparison() throws Unconvertible {
        String left = concat();
        while (p < toks.size()) {
            Tok t = toks.get(p);
            String op = t.type().equals("op") ? switch (t.text()) {
                case "==" -> "==";
                case "!=" -> "!=";
                case "<" -> "lt";
                case "<=" -> "lte";
                case ">" -> "gt";
                case ">=" -> "gte";
                default -> null;
            } : null;
            if (op != null) {
                p++;
                left = left + " " + op + " " + concat();
            } else if (peekName("in")) {
                p++;
                left = "(" + concat() + ")?seq_contains(" + left + ")";
            } else if (peekName("not") && p + 1 < toks.size() && toks.get(p + 1).text().equals("in")) {
                p += 2;
                left = "!(" + concat() + ")?seq_contains(" + left + ")";
            } else if (peekName("is")) {
                p++;
                boolean negate = peekName("not");
                if (negate) {
                    p++;
                }
                String test = next().text();
                String yes = switch (test) {
                    case "none", "None", "undefined" -> "!((" + left + ")??)";
                    case "defined" -> "(" + left + ")??";
                    case "string" -> "(" + left + ")?is_string";
                    case "number" -> "(" + left + ")?is_number";
                    case "mapping" -> "(" + left + ")?is_hash";
                    case "iterable", "sequence" -> "(" + left + ")?is_sequence";
                    default -> throw new Unconvertible("the Jinja test 'is " + test + "'");
                };
                left = negate ? "!(" + yes + ")" : yes;
            } else {
                break;
            }
        }
        return left;
    }

    private String concat() throws Unconvertible {
        String left = additive();
        if (!peekIs("~")) {
            return left;
        }
        StringBuilder sb = new StringBuilder("\"\" + ").append(left);
        while (peekIs("~")) {
            p++;
            sb.append(" + ").append(additive());
        }
        return "(" + sb + ")";
    }

    private String additive() throws Unconvertible {
        String left = multiplicative();
        while (peekIs("+") || peekIs("-")) {
            String op = next().text();
            left = left + " " + op + " " + multiplicative();
        }
        return left;
    }

    private String multiplicative() throws Unconvertible {
        String left = unary();
        while (peekIs("*") || peekIs("/") || peekIs("%") || peekIs("//")) {
            String op = next().text();
            String right = unary();
            left = op.equals("//") ? "(" + left + " / " + right + ")?floor" : left + " " + op + " " + right;
        }
        return left;
    }

    private String unary() throws Unconvertible {
        if (peekIs("-")) {
            p++;
            return "-" + unary();
        }
        return postfix(primary());
    }

    private String primary() throws Unconvertible {
        Tok t = next();
        switch (t.type()) {
            case "str":
                return t.text();
            case "num":
                return t.text();
            case "name":
                return name(t.text());
            default:
                break;
        }
        switch (t.text()) {
            case "(": {
                String inner = expr();
                if (peekIs(",")) {
                    throw new Unconvertible("a tuple '(…, …)'; use a list [a, b]");
                }
                expect(")");
                return "(" + inner + ")";
            }
            case "[": {
                List<String> items = new ArrayList<>();
                while (!peekIs("]")) {
                    items.add(expr());
                    if (!peekIs("]")) {
                        expect(",");
                    }
                }
                expect("]");
                return "[" + String.join(", ", items) + "]";
            }
            case "{": {
                List<String> items = new ArrayList<>();
                while (!peekIs("}")) {
                    String k = expr();
                    expect(":");
                    items.add(k + ": " + expr());
                    if (!peekIs("}")) {
                        expect(",");
                    }
                }
                expect("}");
                return "{" + String.join(", ", items) + "}";
            }
            default:
                throw new Unconvertible("unexpected '" + t.text() + "'");
        }
    }

    private String name(String n) throws Unconvertible {
        switch (n) {
            case "true", "True":
                return "true";
            case "false", "False":
                return "false";
            case "none", "None":
                return "\"\"";
            case "loop":
                return loop();
            case "execute":
                return "true";
            case "range":
                if (peekIs("(")) {
                    p++;
                    List<String> pos = new ArrayList<>();
                    arguments(pos, new LinkedHashMap<>());
                    if (pos.size() == 1) {
                        return "(0..<" + pos.get(0) + ")";
                    }
                    if (pos.size() == 2) {
                        return "(" + pos.get(0) + "..<" + pos.get(1) + ")";
                    }
                    throw new Unconvertible("range() with a step");
                }
                return n;
            case "run_query", "statement", "load_result", "caller", "log", "print", "modules", "graph", "builtins",
                    "exceptions", "api", "fromjson", "tojson", "fromyaml", "toyaml", "zip", "set_strict":
                throw new Unconvertible("'" + n + "' (dbt's " + n + " runs or inspects things at compile time; Kiln "
                        + "templates cannot); rewrite this part by hand");
            case "adapter":
                return adapter();
            case "dbt":
                if (peekIs(".")) {
                    p++;
                    return dbtMacro(next().text());
                }
                return n;
            default:
                return n;
        }
    }

    private String loop() throws Unconvertible {
        String var = scope.loopVariable();
        if (var == null || !peekIs(".")) {
            throw new Unconvertible("'loop' outside a for loop");
        }
        p++;
        String attr = next().text();
        return switch (attr) {
            case "last" -> var + "?is_last";
            case "first" -> var + "?is_first";
            case "index" -> var + "?counter";
            case "index0" -> var + "?index";
            case "length" -> throw new Unconvertible("loop.length; use the list's ?size");
            default -> throw new Unconvertible("loop." + attr);
        };
    }

    /** {@code adapter.dispatch('name', 'pkg')(args)} becomes {@code name(args)} (per-target branches are generated). */
    private String adapter() throws Unconvertible {
        if (!peekIs(".")) {
            throw new Unconvertible("'adapter'");
        }
        p++;
        String method = next().text();
        if (!method.equals("dispatch")) {
            throw new Unconvertible("adapter." + method + "() (it inspects the warehouse at compile time); rewrite "
                    + "this part by hand");
        }
        expect("(");
        List<String> pos = new ArrayList<>();
        arguments(pos, new LinkedHashMap<>());
        if (pos.isEmpty() || !pos.get(0).startsWith("'") && !pos.get(0).startsWith("\"")) {
            throw new Unconvertible("adapter.dispatch() without a literal macro name");
        }
        String macro = pos.get(0).substring(1, pos.get(0).length() - 1);
        return macro + DISPATCH_SUFFIX;
    }

    private String dbtMacro(String macro) throws Unconvertible {
        return switch (macro) {
            case "dateadd", "date_trunc", "safe_cast", "hash", "current_timestamp", "type_string", "concat" -> macro;
            case "datediff" -> "kiln_datediff_from_dbt";
            default -> throw new Unconvertible("dbt." + macro + "() has no Kiln built-in");
        };
    }

    private String postfix(String base) throws Unconvertible {
        String cur = base;
        String callee = base;
        while (p < toks.size()) {
            if (peekIs(".")) {
                p++;
                String attr = next().text();
                if (peekIs("(")) {
                    String method = stringMethod(cur, attr);
                    if (method != null) {
                        cur = method;
                        callee = null;
                        continue;
                    }
                }
                cur = cur + "." + attr;
                callee = callee == null ? null : callee + "." + attr;
            } else if (peekIs("[")) {
                p++;
                String idx = expr();
                expect("]");
                cur = cur + "[" + idx + "]";
                callee = null;
            } else if (peekIs("(")) {
                p++;
                cur = call(cur, callee);
                callee = null;
            } else if (peekIs("|")) {
                p++;
                cur = filter(cur);
                callee = null;
            } else {
                break;
            }
        }
        return cur;
    }

    private String call(String fn, String callee) throws Unconvertible {
        List<String> pos = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        arguments(pos, named);
        if (fn.equals("kiln_datediff_from_dbt")) { // dbt: datediff(first, second, datepart); Kiln: (datepart, first, second)
            if (pos.size() != 3) {
                throw new Unconvertible("dbt.datediff() with other than three positional arguments");
            }
            return "datediff(" + pos.get(2) + ", " + pos.get(0) + ", " + pos.get(1) + ")";
        }
        if (fn.equals("concat") && pos.size() == 1 && pos.get(0).startsWith("[")) {
            return "concat(" + pos.get(0).substring(1, pos.get(0).length() - 1) + ")";
        }
        if (fn.equals("return")) {
            throw new Unconvertible("return() inside an expression");
        }
        if (!named.isEmpty()) {
            List<String> params = callee == null ? null : scope.parameters(callee);
            if (params == null) {
                throw new Unconvertible(fn + "() with keyword arguments (" + String.join(", ", named.keySet())
                        + "): FreeMarker functions take positional arguments and the parameters of " + fn
                        + " are unknown");
            }
            List<String> all = new ArrayList<>(pos);
            for (int i = pos.size(); i < params.size(); i++) {
                all.add(null);
            }
            for (Map.Entry<String, String> e : named.entrySet()) {
                int at = params.indexOf(e.getKey());
                if (at < 0) {
                    throw new Unconvertible(fn + "() has no parameter '" + e.getKey() + "'");
                }
                all.set(at, e.getValue());
            }
            int last = all.size() - 1;
            while (last >= 0 && all.get(last) == null) {
                last--;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                if (all.get(i) == null) {
                    throw new Unconvertible(fn + "() skips parameter '" + params.get(i) + "' but sets a later one; "
                            + "FreeMarker cannot pass arguments by name");
                }
                out.add(all.get(i));
            }
            pos = out;
        }
        return fn + "(" + String.join(", ", pos) + ")";
    }

    /** Reads {@code a, b=c)} after an opening parenthesis. */
    private void arguments(List<String> pos, Map<String, String> named) throws Unconvertible {
        while (!peekIs(")")) {
            if (p + 1 < toks.size() && toks.get(p).type().equals("name") && toks.get(p + 1).text().equals("=")
                    && toks.get(p + 1).type().equals("op")) {
                String key = next().text();
                p++;
                named.put(key, expr());
            } else {
                if (!named.isEmpty()) {
                    throw new Unconvertible("a positional argument after a keyword argument");
                }
                pos.add(expr());
            }
            if (!peekIs(")")) {
                expect(",");
            }
        }
        expect(")");
    }

    private String stringMethod(String target, String method) throws Unconvertible {
        String builtin = switch (method) {
            case "lower" -> "?lower_case";
            case "upper" -> "?upper_case";
            case "strip" -> "?trim";
            case "replace" -> "?replace";
            case "split" -> "?split";
            case "startswith" -> "?starts_with";
            case "endswith" -> "?ends_with";
            case "items" -> "";
            case "keys" -> "?keys";
            case "values" -> "?values";
            case "join" -> "join";
            default -> null;
        };
        if (builtin == null) {
            return null;
        }
        p++; // the (
        List<String> pos = new ArrayList<>();
        arguments(pos, new LinkedHashMap<>());
        if (builtin.equals("join")) {
            if (pos.size() != 1) {
                throw new Unconvertible("str.join() with other than one argument");
            }
            return "(" + pos.get(0) + ")?join(" + target + ")";
        }
        boolean takesArgs = builtin.equals("?replace") || builtin.equals("?split") || builtin.equals("?starts_with")
                || builtin.equals("?ends_with");
        return target + builtin + (takesArgs ? "(" + String.join(", ", pos) + ")" : "");
    }

    private String filter(String value) throws Unconvertible {
        String f = next().text();
        List<String> args = new ArrayList<>();
        if (peekIs("(")) {
            p++;
            arguments(args, new LinkedHashMap<>());
        }
        String v = "(" + value + ")";
        return switch (f) {
            case "lower" -> v + "?lower_case";
            case "upper" -> v + "?upper_case";
            case "trim" -> v + "?trim";
            case "length", "count" -> v + "?size";
            case "string" -> v + "?string";
            case "int" -> v + "?number?int";
            case "float" -> v + "?number";
            case "as_text" -> v + "?string";
            case "as_number" -> v + "?number";
            case "as_bool" -> v + "?boolean";
            case "join" -> v + "?join(" + (args.isEmpty() ? "\"\"" : args.get(0)) + ")";
            case "replace" -> v + "?replace(" + String.join(", ", args) + ")";
            case "default", "d" -> v + "!" + (args.isEmpty() ? "\"\"" : args.get(0));
            case "first" -> v + "?first";
            case "last" -> v + "?last";
            case "list" -> v;
            case "sort" -> v + "?sort";
            case "reverse" -> v + "?reverse";
            case "capitalize" -> v + "?cap_first";
            case "title" -> v + "?capitalize";
            case "unique" -> throw new Unconvertible("the filter |unique");
            default -> throw new Unconvertible("the filter |" + f);
        };
    }
}
