package dev.kiln.internal.link;


/**
 * Puts CTEs in front of a query: merged into the query's own {@code WITH} (after
 * {@code RECURSIVE} if present), or as a new {@code WITH} clause.
 */
final class CteSplicer {

    private CteSplicer() {
    }

    /** {@code ctes} is {@code name as (…), name2 as (…)}. */
    static String prepend(String ctes, String sql) {
        int i = skipSpaceAndComments(sql, 0);
        if (startsWithWord(sql, i, "with")) {
            int after = skipSpaceAndComments(sql, i + 4);
            if (startsWithWord(sql, after, "recursive")) {
                after = skipSpaceAndComments(sql, after + 9);
            }
            return sql.substring(0, after) + ctes + ",\n" + sql.substring(after);
        }
        return sql.substring(0, i) + "with " + ctes + "\n" + sql.substring(i);
    }

    private static boolean startsWithWord(String sql, int i, String word) {
        int end = i + word.length();
        return sql.regionMatches(true, i, word, 0, word.length())
                && (end >= sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
    }

    static int skipSpaceAndComments(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? sql.length() : nl + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? sql.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

}
