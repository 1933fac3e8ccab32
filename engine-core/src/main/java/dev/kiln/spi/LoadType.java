package dev.kiln.spi;

import java.util.Locale;

/**
 * The type of a loaded column, in terms every warehouse can map.
 *
 * @param kind      the kind
 * @param precision total digits of a {@link Kind#DECIMAL}, else 0
 * @param scale     digits after the point of a {@link Kind#DECIMAL}, else 0
 */
public record LoadType(Kind kind, int precision, int scale) {

    /** The kinds, narrowest first where one widens into another. */
    public enum Kind { BOOLEAN, BIGINT, DECIMAL, DOUBLE, DATE, TIMESTAMP, VARCHAR }

    /** {@code boolean}. */
    public static final LoadType BOOLEAN = new LoadType(Kind.BOOLEAN, 0, 0);
    /** 64-bit integer. */
    public static final LoadType BIGINT = new LoadType(Kind.BIGINT, 0, 0);
    /** 64-bit floating point. */
    public static final LoadType DOUBLE = new LoadType(Kind.DOUBLE, 0, 0);
    /** A calendar date. */
    public static final LoadType DATE = new LoadType(Kind.DATE, 0, 0);
    /** A timestamp without time zone (UTC when the source had an offset). */
    public static final LoadType TIMESTAMP = new LoadType(Kind.TIMESTAMP, 0, 0);
    /** Text. */
    public static final LoadType VARCHAR = new LoadType(Kind.VARCHAR, 0, 0);

    /** A decimal of {@code precision} digits, {@code scale} after the point. */
    public static LoadType decimal(int precision, int scale) {
        return new LoadType(Kind.DECIMAL, Math.max(1, Math.min(38, precision)), Math.max(0, scale));
    }

    /**
     * The narrowest type holding values of both, when one widens safely into the other
     * (integers into decimals or doubles, dates into timestamps, anything into text).
     */
    public LoadType widen(LoadType other) {
        if (equals(other)) {
            return this;
        }
        Kind a = kind;
        Kind b = other.kind;
        if (a == Kind.DECIMAL && b == Kind.DECIMAL) {
            int s = Math.max(scale, other.scale);
            int p = Math.max(precision - scale, other.precision - other.scale) + s;
            return p > 38 ? DOUBLE : decimal(p, s);
        }
        if (numeric(a) && numeric(b)) {
            if (a == Kind.DOUBLE || b == Kind.DOUBLE) {
                return DOUBLE;
            }
            LoadType dec = a == Kind.DECIMAL ? this : other;
            return dec.precision - dec.scale >= 19 ? dec : decimal(Math.min(38, 19 + dec.scale), dec.scale);
        }
        if (a == Kind.DATE && b == Kind.TIMESTAMP || a == Kind.TIMESTAMP && b == Kind.DATE) {
            return TIMESTAMP;
        }
        return VARCHAR;
    }

    /** Whether {@code other}'s values fit this type unchanged. */
    public boolean holds(LoadType other) {
        return widen(other).equals(this);
    }

    private static boolean numeric(Kind k) {
        return k == Kind.BIGINT || k == Kind.DECIMAL || k == Kind.DOUBLE;
    }

    /** The type as SQL ({@code DECIMAL(12,2)}, {@code VARCHAR}). */
    public String sql() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
    }

    /** Parses {@link #sql()} back (and a warehouse's common spellings); unknown types are text. */
    public static LoadType parse(String sql) {
        String s = sql.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("DECIMAL") || s.startsWith("NUMERIC")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+)\\s*,\\s*(\\d+)\\)").matcher(s);
            return m.find() ? decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : decimal(18, 3);
        }
        return switch (s) {
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "BIGINT", "INTEGER", "INT", "SMALLINT", "TINYINT", "INT8", "INT4", "LONG" -> BIGINT;
            case "DOUBLE", "FLOAT", "REAL", "DOUBLE PRECISION", "FLOAT8" -> DOUBLE;
            case "DATE" -> DATE;
            case "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE", "DATETIME", "TIMESTAMP_NS", "TIMESTAMP_MS" -> TIMESTAMP;
            default -> VARCHAR;
        };
    }

    @Override
    public String toString() {
        return sql();
    }
}
