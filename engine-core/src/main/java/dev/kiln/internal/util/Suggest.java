package dev.kiln.internal.util;

import java.util.Collection;

/** "Did you mean …?" suggestions by edit distance. */
public final class Suggest {

    private Suggest() {
    }

    /** The candidate closest to {@code wrong}, if it is close enough to be a likely typo; else {@code null}. */
    public static String closest(String wrong, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = Math.max(2, wrong.length() / 3);
        for (String c : candidates) {
            if (Math.abs(c.length() - wrong.length()) > limit) {
                continue;
            }
            int d = distance(wrong.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** "did you mean `x`?" or {@code fallback} when nothing is close. */
    public static String didYouMean(String wrong, Collection<String> candidates, String fallback) {
        String c = closest(wrong, candidates);
        return c == null ? fallback : "Did you mean '" + c + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
