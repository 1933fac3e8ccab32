package dev.kiln.internal.render;

import dev.kiln.internal.jinja.JinjaLexer;
import dev.kiln.internal.jinja.JinjaTranslator;
import dev.kiln.internal.jinja.TopLevelCommas;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, before FreeMarker or SQL see a template, the mistakes a dbt user makes first: Jinja
 * tags ({@code {{ }}}, {@code {% %}}, {@code {# #}}), {@code is_incremental} without
 * {@code ()}, and commas between {@code <@config>} settings. Each finding carries the position
 * of the mistake and what to write instead.
 */
final class JinjaCheck {

    /** One mistake, at a 1-based line and column. */
    record Finding(int line, int column, String code, String message, String hint) {
    }

    private static final int MAX_FINDINGS = 20;
    private static final Pattern IS_INCREMENTAL = Pattern.compile("\\bis_incremental\\b(?!\\s*\\()");

    private JinjaCheck() {
    }

    /** Every mistake in {@code text}, in order, at most {@value #MAX_FINDINGS}. */
    static List<Finding> check(String text) {
        boolean jinja = text.contains("{{") || text.contains("{%") || text.contains("{#");
        boolean incremental = text.contains("is_incremental");
        boolean config = text.contains("<@config");
        if (!jinja && !incremental && !config) {
            return List.of();
        }
        String masked = maskComments(text);
        List<Finding> out = new ArrayList<>();
        if (jinja) {
            jinja(masked, out);
        }
        if (incremental) {
            isIncremental(masked, out);
        }
        if (config) {
            configCommas(masked, out);
        }
        out.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        return out.size() > MAX_FINDINGS ? out.subList(0, MAX_FINDINGS) : out;
    }

    /** FreeMarker comments and SQL line comments blanked (same length, newlines kept). */
    private static String maskComments(String text) {
        char[] c = text.toCharArray();
        int i = 0;
        while (i < c.length) {
            if (text.startsWith("<#--", i)) {
                int end = text.indexOf("-->", i + 4);
                end = end < 0 ? c.length : end + 3;
                blank(c, i, end);
                i = end;
            } else if (text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                end = end < 0 ? c.length : end;
                blank(c, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return new String(c);
    }

    private static void blank(char[] c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (c[k] != '\n') {
                c[k] = ' ';
            }
        }
    }

    private static void jinja(String masked, List<Finding> out) {
        for (JinjaLexer.Piece piece : JinjaLexer.lex(masked)) {
            if (piece instanceof JinjaLexer.Tag tag) {
                String equivalent = JinjaTranslator.equivalent(tag);
                String kind = switch (tag.kind()) {
                    case EXPRESSION -> "expression";
                    case STATEMENT -> "statement";
                    case COMMENT -> "comment";
                };
                String hint = (equivalent != null ? "Write " + equivalent + " instead. " : "")
                        + "Kiln templates are FreeMarker, not Jinja (see docs/migrating-from-dbt.md); "
                        + "`kiln import-dbt SRC DEST` converts a whole dbt project.";
                out.add(new Finding(tag.line(), tag.column(), "jinja-syntax",
                        "Jinja " + kind + " " + oneLine(tag.raw()) + " in a Kiln template.", hint));
            }
        }
    }

    private static void isIncremental(String masked, List<Finding> out) {
        for (int[] region : expressionRegions(masked)) {
            Matcher m = IS_INCREMENTAL.matcher(masked).region(region[0], region[1]);
            while (m.find()) {
                int[] lc = lineColumn(masked, m.start());
                out.add(new Finding(lc[0], lc[1], "is-incremental-call",
                        "is_incremental is a function: without () it is the function itself, not true or false.",
                        "Write is_incremental(), as in <#if is_incremental()>."));
            }
        }
    }

    /** The insides of {@code <#…>} directives and {@code ${…}} interpolations. */
    private static List<int[]> expressionRegions(String s) {
        List<int[]> regions = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int open;
            char close;
            if (s.startsWith("<#", i)) {
                open = i + 2;
                close = '>';
            } else if (s.startsWith("${", i)) {
                open = i + 2;
                close = '}';
            } else {
                i++;
                continue;
            }
            int end = closing(s, open, close);
            regions.add(new int[]{open, end});
            i = Math.max(end, open);
        }
        return regions;
    }

    private static void configCommas(String masked, List<Finding> out) {
        int i = masked.indexOf("<@config");
        while (i >= 0) {
            int start = i + "<@config".length();
            int end = closing(masked, start, '>');
            String params = masked.substring(start, end);
            if (params.endsWith("/")) {
                params = params.substring(0, params.length() - 1);
            }
            int comma = topLevelComma(params);
            if (comma >= 0) {
                int[] lc = lineColumn(masked, start + comma);
                String fixed = "<@config " + withoutCommas(params).strip() + " />";
                out.add(new Finding(lc[0], lc[1], "config-commas",
                        "<@config> settings are separated by spaces, not commas.", "Write " + fixed + "."));
            }
            i = masked.indexOf("<@config", end);
        }
    }

    /** The index of the closing character at depth 0 outside quotes, or the text's end. */
    private static int closing(String s, int from, char close) {
        int depth = 0;
        char quote = 0;
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (quote != 0) {
                if (c == '\\') {
                    k++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (depth > 0 && (c == ')' || c == ']' || c == '}')) {
                depth--;
            } else if (depth == 0 && c == close) {
                return k;
            }
        }
        return s.length();
    }

    private static int topLevelComma(String params) {
        List<Integer> commas = TopLevelCommas.in(params);
        return commas.isEmpty() ? -1 : commas.get(0);
    }

    private static String withoutCommas(String params) {
        StringBuilder sb = new StringBuilder(params);
        TopLevelCommas.in(params).forEach(k -> sb.setCharAt(k, ' '));
        return sb.toString().replaceAll("\\s+", " ").replace(" = ", "=");
    }

    private static int[] lineColumn(String s, int offset) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < offset; k++) {
            if (s.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[]{line, col};
    }

    private static String oneLine(String raw) {
        String s = raw.replaceAll("\\s*\\n\\s*", " ");
        return s.length() > 80 ? s.substring(0, 77) + "…" : s;
    }
}
