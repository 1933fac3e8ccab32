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
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An ISO timestamp; one with an offset or {@code Z} is converted to UTC. */
    static LocalDateTime parseTimestamp(String s) {
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

    /** Roughly how many bytes a value takes in text, for progress. */
    static long size(Object v) {
        return v == null ? 1 : v instanceof String s ? s.length() + 1 : 8;
    }
}
