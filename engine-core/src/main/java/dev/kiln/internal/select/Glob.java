package dev.kiln.internal.select;

import java.util.regex.Pattern;

/**
 * A Unix shell-style wildcard pattern, as dbt's selection methods use them (Python's
 * {@code fnmatch}): {@code *} any characters, {@code ?} one character, {@code [abc]} and
 * {@code [a-z]} one of a set, {@code [!abc]} one not in it. Case-sensitive. A pattern without
 * wildcards is compared for equality.
 */
final class Glob {

    private final String pattern;
    private final Pattern regex;

    private Glob(String pattern, Pattern regex) {
        this.pattern = pattern;
        this.regex = regex;
    }

    /** Compiles a pattern. */
    static Glob of(String pattern) {
        return new Glob(pattern, hasWildcard(pattern) ? Pattern.compile(toRegex(pattern), Pattern.DOTALL) : null);
    }

    /** Whether {@code s} holds {@code *}, {@code ?}, {@code [} or {@code ]}. */
    static boolean hasWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']') {
                return true;
            }
        }
        return false;
    }

    /** Whether the pattern has wildcards. */
    boolean isLiteral() {
        return regex == null;
    }

    /** Whether {@code s} matches the pattern as a whole. */
    boolean matches(String s) {
        return regex == null ? pattern.equals(s) : regex.matcher(s).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder out = new StringBuilder(glob.length() + 8);
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            if (c == '*') {
                out.append(".*");
            } else if (c == '?') {
                out.append('.');
            } else if (c == '[') {
                int close = classEnd(glob, i);
                if (close < 0) {
                    out.append("\\[");
                } else {
                    out.append(charClass(glob.substring(i, close)));
                    i = close + 1;
                }
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    /** Index of the {@code ]} closing a class that starts at {@code from}, or -1 (then '[' is literal). */
    private static int classEnd(String glob, int from) {
        int j = from;
        if (j < glob.length() && glob.charAt(j) == '!') {
            j++;
        }
        if (j < glob.length() && glob.charAt(j) == ']') {
            j++; // a ']' first in the class is a member, as in fnmatch
        }
        return glob.indexOf(']', j);
    }

    private static String charClass(String body) {
        StringBuilder cls = new StringBuilder("[");
        int k = 0;
        if (body.startsWith("!")) {
            cls.append('^');
            k = 1;
        }
        for (; k < body.length(); k++) {
            char ch = body.charAt(k);
            if (ch == '\\' || ch == '[' || ch == ']' || ch == '&' || ch == '^') {
                cls.append('\\');
            }
            cls.append(ch);
        }
        return cls.append(']').toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
