package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * An incremental cursor: the column whose largest value loaded is remembered in the state, so
 * the next load reads only rows past it ({@code initial_value} before the first load; {@code lag}
 * reaches back a little, for rows that arrive late; pair it with {@code disposition: merge}).
 */
final class Cursor {

    private final String column;
    private final String initialValue;
    private final Object lag;
    private final String stored;
    private Comparable<Object> max;
    private Object maxRaw;

    /**
     * @param column       the cursor column
     * @param initialValue where the first load starts (inclusive), or {@code null}
     * @param lag          a number or a duration ({@code 2 hours}), or {@code null}
     * @param stored       the largest value the last committed load saw, or {@code null}
     */
    Cursor(String column, String initialValue, Object lag, String stored) {
        this.column = column;
        this.initialValue = initialValue;
        this.lag = lag;
        this.stored = stored;
    }

    static Cursor of(Settings s, LoadState state) {
        String column = s.string("cursor");
        return column == null ? null : new Cursor(column, s.string("initial_value"), s.load().settings().get("lag"),
                state.cursor());
    }

    String column() {
        return column;
    }

    /** Whether there is a lower bound: a stored value or an initial value. */
    boolean bounded() {
        return stored != null || initialValue != null;
    }

    /** Whether the lower bound includes its value: always for an initial value and with a lag. */
    boolean inclusive() {
        return stored == null || lag != null;
    }

    /** The lower bound as text (stored value minus lag, or initial value), or {@code null}. */
    String lowerBound() {
        if (stored == null) {
            return initialValue;
        }
        if (lag == null) {
            return stored;
        }
        return minusLag(stored);
    }

    private String minusLag(String v) {
        String l = String.valueOf(lag).strip();
        LocalDateTime ts = Values.parseTimestamp(v);
        if (ts == null && v.length() == 10 && Values.parseDate(v) != null) {
            ts = Values.parseDate(v).atStartOfDay();
        }
        if (ts != null) {
            Duration d = duration(l);
            return Values.iso(ts.minus(d));
        }
        try {
            return new BigDecimal(v).subtract(new BigDecimal(l)).toPlainString();
        } catch (NumberFormatException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "'lag: " + lag + "' cannot be applied to cursor value '"
                    + v + "' of column '" + column + "'. Give a number for a numeric cursor, a duration for a timestamp.");
        }
    }

    private static Duration duration(String l) {
        if (l.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofSeconds((long) Double.parseDouble(l));
        }
        String[] p = l.split("\\s+");
        long n = Long.parseLong(p[0].replaceAll("\\D.*", ""));
        String unit = p.length > 1 ? p[1] : p[0].replaceAll("^\\d+", "");
        return switch (unit.replaceAll("s$", "")) {
            case "second" -> Duration.ofSeconds(n);
            case "minute" -> Duration.ofMinutes(n);
            case "hour" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Notes a loaded row's cursor value. */
    @SuppressWarnings("unchecked")
    void offer(Object value) {
        if (value == null) {
            return;
        }
        Object v = value instanceof String s && Values.parseTimestamp(s) != null && s.length() > 10
                ? Values.parseTimestamp(s) : value;
        if (max == null || v instanceof Comparable<?> && sameKind(v) && max.compareTo(v) < 0) {
            max = (Comparable<Object>) v;
            maxRaw = v;
        }
    }

    private boolean sameKind(Object v) {
        return max.getClass() == v.getClass() || max instanceof Number && v instanceof Number
                && max.getClass() == v.getClass();
    }

    /** Whether a value is past the lower bound (for loaders that cannot filter at the source). */
    boolean past(Object value) {
        String bound = lowerBound();
        if (bound == null || value == null) {
            return true;
        }
        int c = compare(value, bound);
        return inclusive() ? c >= 0 : c > 0;
    }

    private static int compare(Object value, String bound) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).compareTo(new BigDecimal(bound));
        }
        String s = value.toString();
        LocalDateTime a = s.length() == 10 ? (Values.parseDate(s) == null ? null : Values.parseDate(s).atStartOfDay())
                : Values.parseTimestamp(s);
        LocalDateTime b = bound.length() == 10 ? (Values.parseDate(bound) == null ? null : Values.parseDate(bound).atStartOfDay())
                : Values.parseTimestamp(bound);
        if (value instanceof LocalDateTime ldt) {
            a = ldt;
        } else if (value instanceof LocalDate ld) {
            a = ld.atStartOfDay();
        }
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        return s.compareTo(bound);
    }

    /** The value to store after this load: the largest seen, else the stored one. */
    String next() {
        if (maxRaw == null) {
            return stored;
        }
        String now = maxRaw instanceof BigDecimal d ? d.toPlainString()
                : maxRaw instanceof LocalDateTime t ? Values.iso(t) : maxRaw.toString();
        return stored != null && compare(maxRaw, stored) < 0 ? stored : now;
    }
}
