package dev.kiln.internal.analyze;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a long top-level {@code UNION ALL} chain into its branches, in one pass over the
 * text, so that each branch is parsed on its own: Calcite's parser takes time quadratic in the
 * number of branches of one chain (50,000 branches took 14.6 s, 200,000 over two minutes).
 * Only a plain chain is split: not one under {@code WITH} (its CTEs belong to every branch),
 * nor one whose last branch has a top-level {@code ORDER BY}, {@code LIMIT}, {@code OFFSET} or
 * {@code FETCH} (they apply to the whole union).
 */
final class UnionChain {

    /** Chains shorter than this are parsed whole, as before. */
    static final int MIN_BRANCHES = 64;

    /** One branch: its text and where it starts in the whole statement. */
    record Branch(String sql, int offset) {
    }

    private UnionChain() {
    }

    /** {@code -Dkiln.splitUnionChains=false} parses every chain whole (for benchmarks). */
    private static final boolean ENABLED = !"false".equals(System.getProperty("kiln.splitUnionChains"));

    /** The branches of {@code sql}, or an empty list when it is not a long plain chain. */
    static List<Branch> split(String sql) {
        if (!ENABLED) {
            return List.of();
        }
        List<int[]> cuts = new ArrayList<>(); // [end of branch, start of next]
        int depth = 0;
        int n = sql.length();
        int firstWord = -1;
        String lastWordBefore = null;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int nl = sql.indexOf('\n', i);
                i = nl < 0 ? n : nl;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i + 1 < n && (Character.isLetterOrDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')) {
                    i++;
                }
                if (depth != 0) {
                    continue;
                }
                String word = sql.substring(start, i + 1).toLowerCase(Locale.ROOT);
                if (firstWord < 0) {
                    firstWord = start;
                    if (word.equals("with")) {
                        return List.of();
                    }
                }
                if (word.equals("all") && "union".equals(lastWordBefore)) {
                    cuts.get(cuts.size() - 1)[1] = i + 1;
                } else if (word.equals("union")) {
                    cuts.add(new int[] {start, -1});
                } else if (!cuts.isEmpty() && cuts.get(cuts.size() - 1)[1] < 0) {
                    return List.of(); // a UNION without ALL (or UNION DISTINCT): not split
                }
                lastWordBefore = word;
            }
        }
        if (cuts.size() + 1 < MIN_BRANCHES || cuts.get(cuts.size() - 1)[1] < 0) {
            return List.of();
        }
        List<Branch> out = new ArrayList<>(cuts.size() + 1);
        int from = 0;
        for (int[] cut : cuts) {
            out.add(new Branch(sql.substring(from, cut[0]), from));
            from = cut[1];
        }
        String last = sql.substring(from);
        if (hasTopLevelTail(last)) {
            return List.of();
        }
        out.add(new Branch(last, from));
        return out;
    }

    private static final List<String> TAIL = List.of("order", "limit", "offset", "fetch");

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean hasTopLevelTail(String branch) {
        {
            String lower = branch.toLowerCase(Locale.ROOT);
            int depth = 0;
            for (int i = 0; i < lower.length(); i++) {
                char c = lower.charAt(i);
                if (c == '\'' || c == '"' || c == '`') {
                    i = closing(lower, i, c);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (depth == 0 && (i == 0 || !isWordChar(lower.charAt(i - 1)))) {
                    for (String kw : TAIL) {
                        int end = i + kw.length();
                        if (lower.startsWith(kw, i) && (end == lower.length() || !isWordChar(lower.charAt(end)))) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** The index of the quote that closes the one at {@code i} (doubled quotes escape), or the end. */
    private static int closing(String sql, int i, char quote) {
        int j = i + 1;
        while (j < sql.length()) {
            if (sql.charAt(j) == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j;
            }
            j++;
        }
        return sql.length();
    }
}
