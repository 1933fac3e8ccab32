package dev.kiln.internal.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Jinja template into text and tags ({@code {{ … }}}, {@code {% … %}}, {@code {# … #}}),
 * with the whitespace-control dashes and the line and column of each tag's opening brace.
 */
public final class JinjaLexer {

    /** The three kinds of Jinja tag. */
    public enum Kind { EXPRESSION, STATEMENT, COMMENT }

    /** One piece of a template. */
    public sealed interface Piece permits Text, Tag {
    }

    /** Literal text between tags. */
    public record Text(String text) implements Piece {
    }

    /**
     * One tag.
     *
     * @param kind      expression, statement or comment
     * @param inner     the text between the delimiters, dashes removed, trimmed
     * @param trimLeft  {@code {%-}}: whitespace before the tag is removed
     * @param trimRight {@code -%}}: whitespace after the tag is removed
     * @param raw       the tag exactly as written
     * @param line      1-based line of the opening brace
     * @param column    1-based column of the opening brace
     */
    public record Tag(Kind kind, String inner, boolean trimLeft, boolean trimRight, String raw, int line, int column)
            implements Piece {
    }

    private JinjaLexer() {
    }

    /** The pieces of {@code text}; an opening delimiter without its closing one stays text. */
    public static List<Piece> lex(String text) {
        List<Piece> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int i = 0;
        int line = 1;
        int col = 1;
        int n = text.length();
        while (i < n) {
            int end = tagEnd(text, i);
            if (end > 0) {
                if (!pending.isEmpty()) {
                    out.add(new Text(pending.toString()));
                    pending.setLength(0);
                }
                out.add(tag(text.substring(i, end), line, col));
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                        col = 1;
                    } else {
                        col++;
                    }
                }
                i = end;
                continue;
            }
            char c = text.charAt(i);
            pending.append(c);
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            i++;
        }
        if (!pending.isEmpty()) {
            out.add(new Text(pending.toString()));
        }
        return out;
    }

    /** The end (exclusive) of a tag opening at {@code i}, or -1. */
    static int tagEnd(String text, int i) {
        if (i + 1 >= text.length() || text.charAt(i) != '{') {
            return -1;
        }
        char k = text.charAt(i + 1);
        String close = switch (k) {
            case '{' -> "}}";
            case '%' -> "%}";
            case '#' -> "#}";
            default -> null;
        };
        if (close == null) {
            return -1;
        }
        int from = i + 2;
        if (k == '{' || k == '%') {
            // skip quoted strings inside the tag, which may hold the closing delimiter
            int j = from;
            while (j < text.length() - 1) {
                char c = text.charAt(j);
                if (c == '\'' || c == '"') {
                    int q = text.indexOf(c, j + 1);
                    if (q < 0) {
                        return -1;
                    }
                    j = q + 1;
                    continue;
                }
                if (text.startsWith(close, j)) {
                    return j + 2;
                }
                j++;
            }
            return -1;
        }
        int e = text.indexOf(close, from);
        return e < 0 ? -1 : e + 2;
    }

    private static Tag tag(String raw, int line, int col) {
        Kind kind = switch (raw.charAt(1)) {
            case '{' -> Kind.EXPRESSION;
            case '%' -> Kind.STATEMENT;
            default -> Kind.COMMENT;
        };
        String body = raw.substring(2, raw.length() - 2);
        boolean left = body.startsWith("-") || body.startsWith("+");
        boolean right = body.endsWith("-") || body.endsWith("+");
        if (left) {
            body = body.substring(1);
        }
        if (right && !body.isEmpty()) {
            body = body.substring(0, body.length() - 1);
        }
        return new Tag(kind, body.strip(), left && raw.charAt(2) == '-', right && raw.charAt(raw.length() - 3) == '-',
                raw, line, col);
    }
}
