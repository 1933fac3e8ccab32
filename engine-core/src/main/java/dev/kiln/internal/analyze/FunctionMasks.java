package dev.kiln.internal.analyze;

import java.util.Locale;
import java.util.Set;

/**
 * Renames, for Calcite's eyes only, the calls that Calcite's grammar parses with arguments of
 * its own (BigQuery's {@code DATE_DIFF(a, b, unit)}, where the last argument must be a bare
 * name, so {@code date_diff('day', t.a, t.b)} fails and {@code date_diff('day', a, b)} parses with
 * {@code b} taken for a unit and lost to lineage), and DuckDB's {@code range(…)} table function,
 * whose name is a reserved word. DuckDB and Trino mean ordinary functions by them: renamed to an
 * identifier of the same length ({@code xate_diff}), they parse as ordinary functions whose
 * arguments are all expressions, and offsets do not move. String literals, quoted identifiers
 * and comments are left alone.
 */
final class FunctionMasks {

    /** Lower-case names followed by {@code (} that are renamed. */
    static final Set<String> NAMES = Set.of("date_diff", "time_diff", "datetime_diff", "timestamp_diff",
            "timestamp_trunc", "datetime_trunc", "time_trunc", "range");

    private FunctionMasks() {
    }

    /** {@code sql} with each such call's name renamed, or {@code sql} itself when there is none. */
    static String apply(String sql) {
        char[] out = null;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
                    i++;
                }
                if (NAMES.contains(sql.substring(start, i).toLowerCase(Locale.ROOT)) && calls(sql, i)
                        && (start == 0 || sql.charAt(start - 1) != '.')) {
                    if (out == null) {
                        out = sql.toCharArray();
                    }
                    out[start] = 'x';
                }
            } else {
                i++;
            }
        }
        return out == null ? sql : new String(out);
    }

    /** True when the next character after white space at {@code from} is {@code (}. */
    private static boolean calls(String sql, int from) {
        int j = from;
        while (j < sql.length() && Character.isWhitespace(sql.charAt(j))) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '(';
    }

    /** The index after the quoted text starting at {@code at} (a doubled quote stays inside). */
    private static int skipQuoted(String sql, int at, char quote) {
        int j = at + 1;
        while (j < sql.length()) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return sql.length();
    }
}
