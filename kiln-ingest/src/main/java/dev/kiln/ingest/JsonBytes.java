package dev.kiln.ingest;

import java.time.YearMonth;

/**
 * Byte-level scanning for {@link JsonShapes}: line ends and plain string runs found eight bytes at
 * a time, and ISO dates and timestamps recognised without decoding text.
 */
final class JsonBytes {

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private JsonBytes() {
    }

    /** Whether any byte of {@code v} is zero (the bit of the first such byte is its lowest set bit). */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    /** The first {@code \n} in {@code [from, to)}, eight bytes at a time; -1 when none. */
    static int indexOf(byte[] buf, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long z = zeroBytes((long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Skips plain string bytes from {@code i}, eight at a time: returns the index of the first
     * byte that is a quote, a backslash, a control character or not ASCII (or {@code to}).
     */
    static int plainRun(byte[] b, int i, int to) {
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(b, i);
            long special = zeroBytes(v ^ 0x2222222222222222L) | zeroBytes(v ^ 0x5C5C5C5C5C5C5C5CL)
                    | ((v - 0x2020202020202020L) & ~v & HIGHS) | (v & HIGHS);
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
        }
        return i;
    }

    /** Whether the 10 bytes at {@code s} are a valid {@code yyyy-mm-dd}. */
    static boolean date(byte[] b, int s) {
        int y = digits(b, s, 4);
        int m = digits(b, s + 5, 2);
        int d = digits(b, s + 8, 2);
        return b[s + 4] == '-' && b[s + 7] == '-' && y >= 1 && m >= 1 && m <= 12 && d >= 1
                && (d <= 28 || d <= YearMonth.of(y, m).lengthOfMonth());
    }

    /** {@code yyyy-mm-dd[T ]hh:mm:ss}, an optional fraction of up to 6 digits, an optional {@code Z} or {@code +00:00}. */
    static boolean timestamp(byte[] b, int s, int e) {
        int n = e - s;
        if (n < 19 || !date(b, s) || b[s + 10] != 'T' && b[s + 10] != ' ' || b[s + 13] != ':' || b[s + 16] != ':') {
            return false;
        }
        int h = digits(b, s + 11, 2);
        int mi = digits(b, s + 14, 2);
        int se = digits(b, s + 17, 2);
        if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) {
            return false;
        }
        int i = s + 19;
        if (i < e && b[i] == '.') {
            int d = ++i;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d || i - d > 6) {
                return false;
            }
        }
        if (i == e) {
            return true;
        }
        if (b[i] == 'Z') {
            return i + 1 == e;
        }
        return e - i == 6 && b[i] == '+' && b[i + 1] == '0' && b[i + 2] == '0' && b[i + 3] == ':' && b[i + 4] == '0'
                && b[i + 5] == '0';
    }

    /** The {@code n} decimal digits at {@code s} as a number; -1 when one is not a digit. */
    private static int digits(byte[] b, int s, int n) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            v = v * 10 + b[i] - '0';
        }
        return v;
    }
}
