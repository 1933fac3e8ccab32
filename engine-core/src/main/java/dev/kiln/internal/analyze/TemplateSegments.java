package dev.kiln.internal.analyze;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a model's template into static text (copied verbatim into the rendered SQL) and
 * FreeMarker constructs: {@code ${…}} interpolations, {@code <#…>}/{@code <@…>} tags and
 * {@code <#-- … -->} comments.
 */
final class TemplateSegments {

    /**
     * One piece of a template.
     *
     * @param text  true for static text
     * @param start first character
     * @param end   one past the last character
     */
    record Segment(boolean text, int start, int end) {
    }

    private TemplateSegments() {
    }

    /** The segments of {@code template}, in order, covering all of it. */
    static List<Segment> scan(String template) {
        List<Segment> out = new ArrayList<>();
        int textStart = 0;
        int i = 0;
        int n = template.length();
        while (i < n) {
            int end = constructEnd(template, i);
            if (end < 0) {
                i++;
                continue;
            }
            if (i > textStart) {
                out.add(new Segment(true, textStart, i));
            }
            out.add(new Segment(false, i, end));
            i = end;
            textStart = end;
        }
        if (textStart < n) {
            out.add(new Segment(true, textStart, n));
        }
        return out;
    }

    /** Where the construct starting at {@code i} ends, or -1 when none starts there. */
    private static int constructEnd(String s, int i) {
        char c = s.charAt(i);
        if (c == '$' && s.startsWith("${", i)) {
            return close(s, i + 2, '{', '}');
        }
        if (c != '<') {
            return -1;
        }
        if (s.startsWith("<#--", i)) {
            int end = s.indexOf("-->", i + 4);
            return end < 0 ? s.length() : end + 3;
        }
        if (s.startsWith("<#", i) || s.startsWith("</#", i) || s.startsWith("<@", i) || s.startsWith("</@", i)) {
            return close(s, i + 1, '(', '>');
        }
        return -1;
    }

    /**
     * The end of a construct whose body starts at {@code from}: after the first {@code last} not
     * inside a string or nested brackets ({@code open} counts as nesting too).
     */
    private static int close(String s, int from, char open, char last) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                int q = i + 1;
                while (q < s.length() && s.charAt(q) != c) {
                    q += s.charAt(q) == '\\' ? 2 : 1;
                }
                i = q;
            } else if (c == open || c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (depth > 0 && (c == ')' || c == ']' || c == '}')) {
                depth--;
            } else if (c == last && depth == 0) {
                return i + 1;
            }
        }
        return s.length();
    }
}
