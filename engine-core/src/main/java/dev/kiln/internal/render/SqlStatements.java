package dev.kiln.internal.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits rendered SQL into its statements at the semicolons that stand outside quotes
 * ({@code '…'}, {@code "…"}, {@code $$…$$}) and comments ({@code --}, {@code /* *}{@code /}),
 * for {@code kiln run-operation}.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    /**
     * The statements of {@code sql}, stripped; blank ones and those holding only comments are left out.
     *
     * @param sql one or more statements
     * @return the statements, in order, without their semicolons
     */
    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(sql, i + 1, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '$' && i + 1 < n && sql.charAt(i + 1) == '$') {
                int end = sql.indexOf("$$", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == ';') {
                add(out, sql.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        add(out, sql.substring(start));
        return out;
    }

    /**
     * Whether a statement returns rows ({@code select}, {@code with}, {@code values},
     * {@code show}, {@code describe}, {@code explain}, {@code pragma}, {@code from}, {@code table}), judged by
     * its first word after comments and parentheses.
     */
    public static boolean returnsRows(String statement) {
        String word = firstWord(statement).toLowerCase(Locale.ROOT);
        return switch (word) {
            case "select", "with", "values", "show", "describe", "desc", "explain", "pragma", "from", "table",
                 "summarize", "call" -> true;
            default -> false;
        };
    }

    private static String firstWord(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                int end = i;
                while (end < n && Character.isLetter(s.charAt(end))) {
                    end++;
                }
                return s.substring(i, end);
            }
        }
        return "";
    }

    /** The index after the quote that closes one opened before {@code from} (a doubled quote escapes it). */
    private static int closing(String sql, int from, char quote) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static void add(List<String> out, String statement) {
        if (!Renderer.isEmptySql(statement)) {
            out.add(statement.strip());
        }
    }
}
