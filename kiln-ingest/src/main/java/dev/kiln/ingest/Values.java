package dev.kiln.ingest;

import dev.kiln.spi.LoadType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Type inference and conversion of loaded values. */
final class Values {

    private Values() {
    }

    /** The type a value needs; never called with null. */
    static LoadType typeOf(Object v) {
        if (v instanceof Boolean) {
            return LoadType.BOOLEAN;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return LoadType.BIGINT;
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? LoadType.BIGINT : LoadType.decimal(38, 0);
        }
        if (v instanceof BigDecimal d) {
            return LoadType.decimal(Math.max(d.precision(), d.scale() + 1), Math.max(0, d.scale()));
        }
        if (v instanceof Number) {
            return LoadType.DOUBLE;
        }
        if (v instanceof LocalDate) {
            return LoadType.DATE;
        }
        if (v instanceof LocalDateTime) {
            return LoadType.TIMESTAMP;
        }
        if (v instanceof String s) {
            if (looksLikeDate(s)) {
                if (s.length() == 10) {
                    return parseDate(s) != null ? LoadType.DATE : LoadType.VARCHAR;
                }
                return parseTimestamp(s) != null ? LoadType.TIMESTAMP : LoadType.VARCHAR;
            }
        }
        return LoadType.VARCHAR;
    }

    /**
     * A string as the date or timestamp it spells ({@link LocalDate}, {@link LocalDateTime}), or
     * the string itself: {@link #typeOf} and {@link #convert} in one parse.
     */
    static Object temporal(String s) {
        if (!looksLikeDate(s)) {
            return s;
        }
        Object t = s.length() == 10 ? parseDate(s) : parseTimestamp(s);
        return t == null ? s : t;
    }

    /** {@code v} as a value of {@code type} (which holds its type). */
    static Object convert(Object v, LoadType type) {
        if (v == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN -> v;
            case BIGINT -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case DECIMAL -> (v instanceof BigDecimal d ? d : new BigDecimal(v.toString())).setScale(type.scale(), RoundingMode.HALF_UP);
            case DATE -> v instanceof LocalDate ? v : parseDate(v.toString());
            case TIMESTAMP -> v instanceof LocalDateTime ? v : v instanceof LocalDate d ? d.atStartOfDay()
                    : parseDateOrTimestamp(v.toString());
            case VARCHAR -> v instanceof String ? v : v.toString();
        };
    }

    private static Object parseDateOrTimestamp(String s) {
        if (s.length() == 10) {
            LocalDate d = parseDate(s);
            return d == null ? null : d.atStartOfDay();
        }
        return parseTimestamp(s);
    }

    private static boolean looksLikeDate(String s) {
        int n = s.length();
        return n >= 10 && n <= 35 && s.charAt(4) == '-' && s.charAt(7) == '-' && Character.isDigit(s.charAt(0))
                && Character.isDigit(s.charAt(3)) && Character.isDigit(s.charAt(5)) && Character.isDigit(s.charAt(9))
                && (n == 10 || s.charAt(10) == 'T' || s.charAt(10) == ' ');
    }

    static LocalDate parseDate(String s) {
        if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            if ((year | month | day) >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (java.time.DateTimeException e) {
                    return null;
                }
            }
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An ISO timestamp; one with an offset or {@code Z} is converted to UTC. */
    static LocalDateTime parseTimestamp(String s) {
        LocalDateTime fast = fastTimestamp(s);
        if (fast != null) {
            return fast;
        }
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            char last = t.charAt(t.length() - 1);
            int plus = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
            if (last == 'Z' || plus > 16) {
                return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return LocalDateTime.parse(t);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The common shapes parsed by hand ({@code 2026-11-01T10:00:00}, optional fraction, {@code Z}
     * or {@code ±hh:mm}, {@code T} or a space): java.time's parser is the slow part of a JSON
     * load. {@code null} for anything else (the caller falls back to java.time).
     */
    private static LocalDateTime fastTimestamp(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i)) && i - start < 9) {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c == 'Z' && i == n - 1) {
                offsetSeconds = 0;
            } else if ((c == '+' || c == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2);
                int om = digits(s, i + 4, 2);
                if ((oh | om) < 0) {
                    return null;
                }
                offsetSeconds = (c == '+' ? 1 : -1) * (oh * 3600 + om * 60);
            } else {
                return null;
            }
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            return offsetSeconds == 0 ? t : t.minusSeconds(offsetSeconds);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A timestamp as ISO text with seconds always written ({@code 2026-10-22T15:48:00}, a
     * fraction only when there is one): what APIs expect of a {@code since_param}.
     */
    static String iso(LocalDateTime t) {
        String s = t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        int nanos = t.getNano();
        if (nanos == 0) {
            return s;
        }
        String f = String.format("%09d", nanos).replaceAll("0+$", "");
        return s + "." + f;
    }

    /** Roughly how many bytes a value takes in text, for progress. */
    static long size(Object v) {
        return v == null ? 1 : v instanceof String s ? s.length() + 1 : 8;
    }
}
