package dev.kiln.internal.analyze;

import java.util.Arrays;

/** Converts between character offsets and 1-based line and column numbers of one text. */
final class LineIndex {

    private final int[] starts;
    private final int length;
    private final int base;

    /** Indexes {@code text}. */
    LineIndex(CharSequence text) {
        this(text, 0);
    }

    /**
     * Indexes {@code text}, a piece that starts at offset {@code base} of a larger text:
     * {@link #offset} answers offsets in the larger text.
     */
    LineIndex(CharSequence text, int base) {
        this.base = base;
        int[] s = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == s.length) {
                    s = Arrays.copyOf(s, n * 2);
                }
                s[n++] = i + 1;
            }
        }
        this.starts = Arrays.copyOf(s, n);
        this.length = text.length();
    }

    /** The offset of a 1-based line and column, clamped to the text. */
    int offset(int line, int column) {
        if (line < 1) {
            return base;
        }
        if (line > starts.length) {
            return base + length;
        }
        int lineEnd = line < starts.length ? starts[line] : length;
        return base + Math.min(Math.max(starts[line - 1] + Math.max(column, 1) - 1, 0), Math.max(lineEnd, starts[line - 1]));
    }

    /** The 1-based line of an offset. */
    int line(int offset) {
        int i = Arrays.binarySearch(starts, Math.max(0, Math.min(offset, length)));
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The 1-based column of an offset. */
    int column(int offset) {
        int o = Math.max(0, Math.min(offset, length));
        return o - starts[line(o) - 1] + 1;
    }

    /** The offset where a 1-based line starts. */
    int lineStart(int line) {
        return starts[Math.max(0, Math.min(line, starts.length) - 1)];
    }
}
