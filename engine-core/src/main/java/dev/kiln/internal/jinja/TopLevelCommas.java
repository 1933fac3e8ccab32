package dev.kiln.internal.jinja;

import java.util.ArrayList;
import java.util.List;

/**
 * The commas of an argument list that separate arguments: those outside quotes and brackets
 * ({@code a, f(b, c), 'd,e'} has two). Shared by the Jinja translator and the render stage's
 * hints for dbt habits.
 */
public final class TopLevelCommas {

    private TopLevelCommas() {
    }

    /** The offsets of the top-level commas of {@code s}, in order. */
    public static List<Integer> in(String s) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** {@code s} split at its top-level commas. */
    public static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int comma : in(s)) {
            parts.add(s.substring(start, comma));
            start = comma + 1;
        }
        parts.add(s.substring(start));
        return parts;
    }
}
