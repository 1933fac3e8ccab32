package dev.kiln.internal.render;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A renderer for the templates most models are: plain SQL with {@code ${ref('…')}},
 * {@code ${source('…', '…')}}, {@code ${this}}, {@code ${var('…')}} and a leading
 * {@code <@config key=value … />} with literal values. Such a template renders exactly as
 * FreeMarker renders it (a differential test keeps it so), without the cost of FreeMarker's
 * parser, which dominates compile time on large projects. {@link #parse} returns
 * {@code null} for anything else, and the template goes to FreeMarker.
 */
final class FastTemplate {

    /** One piece of a template. */
    private sealed interface Part permits Text, Call, Config {
    }

    private record Text(String text) implements Part {
    }

    /** A {@code ${fn(args)}} interpolation; {@code fn} is ref, source, var or this. */
    private record Call(String fn, List<String> args, int line, int column) implements Part {
    }

    /** A {@code <@config …/>} call. */
    private record Config(List<String> keys, List<Object> values, int line, int column) implements Part {
    }

    /** A problem at a place in the template. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final transient TemplateProblem problem;
        final int line;
        final int column;

        Failure(TemplateProblem problem, int line, int column) {
            super(problem.getMessage(), null, false, false);
            this.problem = problem;
            this.line = line;
            this.column = column;
        }
    }

    private final List<Part> parts;

    private FastTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /** The template, or {@code null} if it uses anything beyond the supported subset. */
    static FastTemplate parse(String text) {
        if (text.contains("<#") || text.contains("</#") || text.contains("</@") || text.contains("[#")
                || text.contains("[@") || text.contains("[=") || text.indexOf('\\') >= 0 && text.contains("${")) {
            return null;
        }
        return new Scanner(text).scan();
    }

    /**
     * Renders with {@code scope}; returns {@code null} when a value cannot be printed the way
     * FreeMarker would without FreeMarker (a var that is not text or a whole number).
     */
    String render(RenderScope scope) throws Failure {
        StringBuilder out = new StringBuilder(256);
        for (Part p : parts) {
            if (p instanceof Text t) {
                out.append(t.text());
            } else if (p instanceof Config c) {
                for (int i = 0; i < c.keys().size(); i++) {
                    try {
                        scope.setConfig(c.keys().get(i), c.values().get(i));
                    } catch (TemplateProblem e) {
                        throw new Failure(e, c.line(), c.column());
                    }
                }
            } else {
                Call call = (Call) p;
                try {
                    String value = switch (call.fn()) {
                        case "ref" -> scope.ref(call.args().get(0));
                        case "source" -> scope.source(call.args().get(0), call.args().get(1));
                        case "this" -> scope.thisMarker();
                        default -> printable(scope.var(call.args().get(0), null, false));
                    };
                    if (value == null) {
                        return null;
                    }
                    out.append(value);
                } catch (TemplateProblem e) {
                    throw new Failure(e, call.line(), call.column());
                }
            }
        }
        return out.toString();
    }

    private static String printable(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        return null;
    }

    /** Splits a template into parts; gives up (null) on anything unsupported. */
    private static final class Scanner {
        private final String s;
        private int pos;
        private int line = 1;
        private int lineStart;
        private final List<Part> parts = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        Scanner(String s) {
            this.s = s;
        }

        FastTemplate scan() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '$' && s.startsWith("${", pos)) {
                    if (!interpolation()) {
                        return null;
                    }
                } else if (c == '<' && s.startsWith("<@", pos)) {
                    if (!config()) {
                        return null;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                        lineStart = pos + 1;
                    }
                    text.append(c);
                    pos++;
                }
            }
            flush();
            return new FastTemplate(parts);
        }

        private void flush() {
            if (text.length() > 0) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
        }

        private boolean interpolation() {
            int col = pos - lineStart + 1;
            pos += 2;
            skipSpaces();
            String fn = identifier();
            if (fn == null) {
                return false;
            }
            List<String> args = new ArrayList<>(2);
            skipSpaces();
            if ("this".equals(fn)) {
                if (!s.startsWith("}", pos)) {
                    return false;
                }
            } else {
                if (!arguments(args)) {
                    return false;
                }
                boolean ok = switch (fn) {
                    case "ref", "var" -> args.size() == 1;
                    case "source" -> args.size() == 2;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
                skipSpaces();
                if (!s.startsWith("}", pos)) {
                    return false;
                }
            }
            pos++;
            flush();
            parts.add(new Call(fn, args, line, col));
            return true;
        }

        private boolean arguments(List<String> args) {
            if (!s.startsWith("(", pos)) {
                return false;
            }
            pos++;
            skipSpaces();
            while (true) {
                String arg = stringLiteral();
                if (arg == null) {
                    return false;
                }
                args.add(arg);
                skipSpaces();
                if (s.startsWith(")", pos)) {
                    pos++;
                    return true;
                }
                if (!s.startsWith(",", pos)) {
                    return false;
                }
                pos++;
                skipSpaces();
            }
        }

        /** {@code <@config k=v … />}, removing its line when nothing else is on it (as FreeMarker does). */
        private boolean config() {
            int start = pos;
            int col = pos - lineStart + 1;
            if (!s.startsWith("<@config", pos) || pos + 8 >= s.length() || !Character.isWhitespace(s.charAt(pos + 8))) {
                return false;
            }
            pos += 8;
            List<String> keys = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (s.startsWith("/>", pos)) {
                    pos += 2;
                    break;
                }
                String key = identifier();
                if (key == null) {
                    return false;
                }
                skipSpaces();
                if (!s.startsWith("=", pos)) {
                    return false;
                }
                pos++;
                skipSpaces();
                Object value = value();
                if (value == null) {
                    return false;
                }
                keys.add(key);
                values.add(value);
            }
            if (s.substring(start, pos).indexOf('\n') >= 0) {
                return false; // multi-line calls: leave line bookkeeping to FreeMarker
            }
            int tagLine = line;
            boolean startsLine = start == lineStart;
            if (!startsLine && s.substring(lineStart, start).isBlank()) {
                return false; // an indented tag: FreeMarker's white-space rules decide
            }
            if (startsLine) {
                // a tag that fills its line is dropped with the line break, as FreeMarker does
                if (s.startsWith("\n", pos)) {
                    pos += 1;
                    line++;
                    lineStart = pos;
                } else if (s.startsWith("\r\n", pos)) {
                    pos += 2;
                    line++;
                    lineStart = pos;
                } else if (pos < s.length() && restOfLineBlank()) {
                    return false; // trailing blanks: FreeMarker decides
                }
            }
            flush();
            parts.add(new Config(keys, values, tagLine, col));
            return true;
        }

        private boolean restOfLineBlank() {
            for (int i = pos; i < s.length() && s.charAt(i) != '\n'; i++) {
                if (!Character.isWhitespace(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private Object value() {
            char c = pos < s.length() ? s.charAt(pos) : 0;
            if (c == '\'' || c == '"') {
                return stringLiteral();
            }
            if (c == '[') {
                pos++;
                List<Object> list = new ArrayList<>();
                skipSpaces();
                if (s.startsWith("]", pos)) {
                    pos++;
                    return list;
                }
                while (true) {
                    skipSpaces();
                    Object v = value();
                    if (v == null || v instanceof List) {
                        return null;
                    }
                    list.add(v);
                    skipSpaces();
                    if (s.startsWith("]", pos)) {
                        pos++;
                        return list;
                    }
                    if (!s.startsWith(",", pos)) {
                        return null;
                    }
                    pos++;
                }
            }
            String word = identifier();
            if ("true".equals(word)) {
                return Boolean.TRUE;
            }
            if ("false".equals(word)) {
                return Boolean.FALSE;
            }
            if (word != null) {
                return null;
            }
            int start = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            if (start == pos || pos < s.length() && Character.isLetter(s.charAt(pos))) {
                return null;
            }
            try {
                return new BigDecimal(s.substring(start, pos));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private String stringLiteral() {
            if (pos >= s.length()) {
                return null;
            }
            char q = s.charAt(pos);
            if (q != '\'' && q != '"') {
                return null;
            }
            int end = s.indexOf(q, pos + 1);
            if (end < 0) {
                return null;
            }
            String v = s.substring(pos + 1, end);
            if (v.indexOf('\n') >= 0 || v.contains("${") || v.indexOf('\\') >= 0) {
                return null;
            }
            pos = end + 1;
            return v;
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos || Character.isDigit(s.charAt(start))) {
                pos = start;
                return null;
            }
            return s.substring(start, pos);
        }

        private void skipSpaces() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }
    }
}
