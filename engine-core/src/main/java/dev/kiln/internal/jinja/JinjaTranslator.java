package dev.kiln.internal.jinja;

import dev.kiln.internal.jinja.JinjaLexer.Kind;
import dev.kiln.internal.jinja.JinjaLexer.Piece;
import dev.kiln.internal.jinja.JinjaLexer.Tag;
import dev.kiln.internal.jinja.JinjaLexer.Text;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates a dbt Jinja file into a Kiln FreeMarker template, tag by tag. A tag it cannot
 * translate is kept as written (Kiln then reports it when the file renders) and listed as a
 * {@link Problem}; everything else is still translated.
 */
public final class JinjaTranslator {

    /** A tag left as written: where and why. */
    public record Problem(int line, int column, String tag, String why) {
    }

    /** A {@code {% docs name %}} block. */
    public record DocsBlock(String name, String text) {
    }

    /** A {@code {% macro %}} or {@code {% test %}} definition: name, parameters and FreeMarker body. */
    public record Definition(String kind, String name, List<String> parameters, Map<String, String> defaults,
                             String body, int line) {
    }

    /**
     * The translation of one file.
     *
     * @param freemarker  the template, with definitions and docs blocks removed when collected
     * @param problems    tags left as written
     * @param docs        docs blocks found
     * @param definitions macros, generic tests and snapshots found
     * @param configs     the arguments of each {@code config()} call (FreeMarker expressions)
     */
    public record Result(String freemarker, List<Problem> problems, List<DocsBlock> docs, List<Definition> definitions,
                         List<Map<String, String>> configs) {
    }

    private static final Pattern FOR = Pattern.compile("for\\s+([A-Za-z_]\\w*)(?:\\s*,\\s*([A-Za-z_]\\w*))?\\s+in\\s+(.+)",
            Pattern.DOTALL);
    private static final Pattern SET = Pattern.compile("set\\s+([A-Za-z_]\\w*)\\s*(?:=\\s*(.+))?", Pattern.DOTALL);
    private static final Pattern DEF = Pattern.compile("(macro|test)\\s+([A-Za-z_]\\w*)\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern BLOCK_NAME = Pattern.compile("(docs|snapshot)\\s+([A-Za-z_][\\w-]*)");

    private final Function<String, List<String>> signatures;
    private final StringBuilder out = new StringBuilder();
    private final List<Problem> problems = new ArrayList<>();
    private final List<DocsBlock> docs = new ArrayList<>();
    private final List<Definition> definitions = new ArrayList<>();
    private final List<Map<String, String>> configs = new ArrayList<>();
    private final Deque<String> blocks = new ArrayDeque<>();
    private final Deque<String> loops = new ArrayDeque<>();
    private int capture = -1;
    private String captureName;
    private Tag captureTag;
    private List<String> captureParams;
    private Map<String, String> captureDefaults;
    private boolean inDefinition;

    private JinjaTranslator(Function<String, List<String>> signatures) {
        this.signatures = signatures;
    }

    /**
     * Translates {@code jinja}.
     *
     * @param signatures parameter names of the macros calls may pass keyword arguments to, or
     *                   {@code null} for an unknown callable
     */
    public static Result translate(String jinja, Function<String, List<String>> signatures) {
        JinjaTranslator t = new JinjaTranslator(signatures);
        List<Piece> pieces = trimmed(JinjaLexer.lex(jinja));
        for (Piece piece : pieces) {
            if (piece instanceof Text text) {
                t.out.append(escapeText(text.text()));
            } else {
                t.tag((Tag) piece);
            }
        }
        return new Result(t.out.toString(), t.problems, t.docs, t.definitions, t.configs);
    }

    /** The FreeMarker equivalent of one tag on its own (for hints), or {@code null} if there is none. */
    public static String equivalent(Tag tag) {
        JinjaTranslator t = new JinjaTranslator(n -> null);
        t.loops.push("your_loop_variable");
        String keyword = tag.inner().split("[\\s(]", 2)[0];
        t.blocks.push(keyword.startsWith("end") ? keyword.substring(3) : keyword.equals("else") ? "if" : "for");
        if (keyword.equals("elif")) {
            t.blocks.push("if");
        }
        if (keyword.equals("macro")) {
            Matcher m = DEF.matcher(tag.inner());
            return m.matches() ? "<#function " + m.group(2) + " " + m.group(3).replace(",", " ").replaceAll("\\s+", " ").strip()
                    + "> … <#return …></#function> in a macros/*.ftl file" : null;
        }
        t.tag(tag);
        if (!t.problems.isEmpty() || t.out.isEmpty()) {
            return null;
        }
        return t.out.toString();
    }

    /** Applies the {@code -} whitespace control of each tag to the text around it. */
    private static List<Piece> trimmed(List<Piece> pieces) {
        List<Piece> out = new ArrayList<>(pieces);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof Tag tag) {
                if (tag.trimLeft() && i > 0 && out.get(i - 1) instanceof Text t) {
                    out.set(i - 1, new Text(t.text().stripTrailing()));
                }
                if (tag.trimRight() && i + 1 < out.size() && out.get(i + 1) instanceof Text t) {
                    out.set(i + 1, new Text(t.text().stripLeading()));
                }
            }
        }
        return out;
    }

    /** Literal text with FreeMarker's own markers neutralised. */
    private static String escapeText(String text) {
        if (text.indexOf("${") < 0 && text.indexOf("<#") < 0 && text.indexOf("</#") < 0 && text.indexOf("<@") < 0
                && text.indexOf("</@") < 0) {
            return text;
        }
        return text.replace("${", "${'$'}{").replace("</#", "${'<'}/#").replace("<#", "${'<'}#")
                .replace("</@", "${'<'}/@").replace("<@", "${'<'}@");
    }

    private final JinjaExpressions.Scope scope = new JinjaExpressions.Scope() {
        @Override
        public String loopVariable() {
            return loops.peek();
        }

        @Override
        public List<String> parameters(String callee) {
            return signatures.apply(callee);
        }
    };

    private String expr(String jinja) throws Unconvertible {
        return JinjaExpressions.translate(jinja, scope);
    }

    private void tag(Tag tag) {
        try {
            switch (tag.kind()) {
                case COMMENT -> out.append("<#-- ").append(tag.inner().replace("-->", "- ->")).append(" -->");
                case EXPRESSION -> expression(tag);
                case STATEMENT -> statement(tag);
                default -> throw new IllegalStateException();
            }
        } catch (Unconvertible e) {
            problems.add(new Problem(tag.line(), tag.column(), tag.raw(), e.getMessage()));
            out.append(escapeText(tag.raw()));
        }
    }

    private void expression(Tag tag) throws Unconvertible {
        JinjaExpressions.Call call = JinjaExpressions.call(tag.inner(), scope);
        if (call != null && call.callee().equals("config")) {
            out.append(configDirective(call));
            return;
        }
        if (call != null && call.callee().equals("return")) {
            if (call.positional().size() != 1) {
                throw new Unconvertible("return() takes one value");
            }
            out.append("<#return ").append(call.positional().get(0)).append(">");
            return;
        }
        if (call != null && (call.callee().equals("log") || call.callee().equals("print"))) {
            return; // logging has no effect on the SQL
        }
        out.append("${").append(expr(tag.inner())).append("}");
    }

    private String configDirective(JinjaExpressions.Call call) throws Unconvertible {
        if (!call.positional().isEmpty()) {
            throw new Unconvertible("config() with positional arguments");
        }
        configs.add(call.named());
        StringBuilder sb = new StringBuilder("<@config");
        for (Map.Entry<String, String> e : call.named().entrySet()) {
            String key = e.getKey().equals("target_schema") ? "schema" : e.getKey();
            String v = e.getValue();
            if (v.matches("'[^'\"\\\\]*'")) {
                v = '"' + v.substring(1, v.length() - 1) + '"';
            }
            sb.append(' ').append(key).append('=').append(v);
        }
        return sb.append(" />").toString();
    }

    private void statement(Tag tag) throws Unconvertible {
        String s = tag.inner();
        String keyword = s.split("[\\s(]", 2)[0];
        String rest = s.substring(keyword.length()).strip();
        switch (keyword) {
            case "if" -> {
                blocks.push("if");
                out.append("<#if ").append(expr(rest)).append(">");
            }
            case "elif" -> {
                requireOpen(tag, "if");
                out.append("<#elseif ").append(expr(rest)).append(">");
            }
            case "else" -> {
                if (blocks.isEmpty() || !(blocks.peek().equals("if") || blocks.peek().equals("for"))) {
                    throw new Unconvertible("{% else %} outside if or for");
                }
                out.append("<#else>");
            }
            case "endif" -> {
                close(tag, "if");
                out.append("</#if>");
            }
            case "for" -> forLoop(s);
            case "endfor" -> {
                close(tag, "for");
                loops.pop();
                out.append("</#list>");
            }
            case "set" -> set(s);
            case "endset" -> {
                String kind = close(tag, "set");
                out.append(kind);
            }
            case "macro", "test" -> define(tag, s);
            case "endmacro", "endtest" -> endDefinition(tag);
            case "docs" -> startCapture(tag, "docs", name(s));
            case "enddocs" -> {
                String body = endCapture(tag, "docs");
                docs.add(new DocsBlock(captureName, body.strip()));
            }
            case "snapshot" -> startCapture(tag, "snapshot", name(s));
            case "endsnapshot" -> {
                String body = endCapture(tag, "snapshot");
                definitions.add(new Definition("snapshot", captureName, List.of(), Map.of(), body, captureTag.line()));
            }
            case "raw" -> {
                blocks.push("raw");
                out.append("<#noparse>");
            }
            case "endraw" -> {
                close(tag, "raw");
                out.append("</#noparse>");
            }
            case "do" -> throw new Unconvertible("{% do %} changes a value in place (for example list.append); "
                    + "FreeMarker values cannot change: build the list with <#assign xs = xs + [x]>");
            case "call", "filter", "import", "from", "include", "materialization", "extends", "block", "with" ->
                    throw new Unconvertible("{% " + keyword + " %} has no Kiln equivalent; rewrite this part by hand");
            default -> throw new Unconvertible("the statement {% " + keyword + " %}");
        }
    }

    private static String name(String s) throws Unconvertible {
        Matcher m = BLOCK_NAME.matcher(s);
        if (!m.lookingAt()) {
            throw new Unconvertible("a block without a name");
        }
        return m.group(2);
    }

    private void requireOpen(Tag tag, String kind) throws Unconvertible {
        if (blocks.isEmpty() || !blocks.peek().equals(kind)) {
            throw new Unconvertible("{% " + tag.inner() + " %} outside {% " + kind + " %}");
        }
    }

    private String close(Tag tag, String kind) throws Unconvertible {
        if (blocks.isEmpty() || !blocks.peek().startsWith(kind)) {
            throw new Unconvertible("{% " + tag.inner() + " %} without a matching {% " + kind + " %}");
        }
        String b = blocks.pop();
        return b.startsWith("set:") ? b.substring(4) : b;
    }

    private void forLoop(String s) throws Unconvertible {
        Matcher m = FOR.matcher(s);
        if (!m.matches()) {
            throw new Unconvertible("this form of {% for %}");
        }
        String source = m.group(3).strip();
        if (source.matches(".*\\sif\\s.*") && !source.contains("[")) {
            throw new Unconvertible("{% for … if … %} (a filtered loop); wrap the body in <#if> instead");
        }
        String seq = expr(source);
        blocks.push("for");
        loops.push(m.group(2) != null ? m.group(1) : m.group(1));
        out.append("<#list ").append(seq).append(" as ").append(m.group(1));
        if (m.group(2) != null) {
            out.append(", ").append(m.group(2));
        }
        out.append(">");
    }

    private void set(String s) throws Unconvertible {
        Matcher m = SET.matcher(s);
        if (!m.matches()) {
            throw new Unconvertible("this form of {% set %} (several names at once)");
        }
        String directive = inDefinition ? "local" : "assign";
        if (m.group(2) == null) {
            blocks.push("set:</#" + directive + ">");
            out.append("<#").append(directive).append(' ').append(m.group(1)).append(">");
        } else {
            out.append("<#").append(directive).append(' ').append(m.group(1)).append(" = ")
                    .append(expr(m.group(2).strip())).append(">");
        }
    }

    private void define(Tag tag, String s) throws Unconvertible {
        Matcher m = DEF.matcher(s);
        if (!m.matches()) {
            throw new Unconvertible("this form of {% " + s.split("\\s")[0] + " %}");
        }
        if (inDefinition) {
            throw new Unconvertible("a definition inside a definition");
        }
        List<String> params = new ArrayList<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String part : TopLevelCommas.split(m.group(3))) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                params.add(p);
            } else {
                String name = p.substring(0, eq).strip();
                params.add(name);
                defaults.put(name, expr(p.substring(eq + 1).strip()));
            }
        }
        startCapture(tag, m.group(1), m.group(2));
        captureParams = params;
        captureDefaults = defaults;
        inDefinition = true;
    }

    private void endDefinition(Tag tag) throws Unconvertible {
        String kind = tag.inner().startsWith("endmacro") ? "macro" : "test";
        String body = endCapture(tag, kind);
        inDefinition = false;
        definitions.add(new Definition(kind, captureName, captureParams, captureDefaults, body, captureTag.line()));
    }

    private void startCapture(Tag tag, String kind, String name) throws Unconvertible {
        if (capture >= 0) {
            throw new Unconvertible("a {% " + kind + " %} block inside another block");
        }
        blocks.push(kind);
        capture = out.length();
        captureName = name;
        captureTag = tag;
    }

    private String endCapture(Tag tag, String kind) throws Unconvertible {
        if (capture < 0) {
            throw new Unconvertible("{% " + tag.inner() + " %} without a matching {% " + kind + " %}");
        }
        close(tag, kind);
        String body = out.substring(capture);
        out.setLength(capture);
        capture = -1;
        return body;
    }

    /** A macro definition as a FreeMarker function that returns the text its body renders. */
    public static String function(Definition d) {
        StringBuilder sb = new StringBuilder("<#function ").append(d.name());
        for (String p : d.parameters()) {
            sb.append(' ').append(p);
            if (d.defaults().containsKey(p)) {
                sb.append('=').append(d.defaults().get(p));
            }
        }
        return sb.append("><#local kiln_out>").append(d.body()).append("</#local><#return kiln_out></#function>\n")
                .toString();
    }

    /** The kinds of tag, re-exported for callers that only need this class. */
    public static boolean isStatement(Tag t) {
        return t.kind() == Kind.STATEMENT;
    }
}
