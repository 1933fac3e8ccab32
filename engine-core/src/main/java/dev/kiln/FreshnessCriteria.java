package dev.kiln;

import dev.kiln.Diagnostic;
import dev.kiln.SourcePosition;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A source table's {@code freshness:} config: how old its newest row may be before a warning
 * and before an error, and an optional {@code filter} (a SQL condition that limits the rows
 * looked at, as in dbt).
 *
 * @param warnAfter  the age after which the table warns, or {@code null}
 * @param errorAfter the age after which the table errors, or {@code null}
 * @param filter     a SQL condition, or {@code null}
 */
public record FreshnessCriteria(Threshold warnAfter, Threshold errorAfter, String filter) {

    /** The periods dbt understands. */
    public static final List<String> PERIODS = List.of("minute", "hour", "day");

    private static final Set<String> KEYS = Set.of("warn_after", "error_after", "filter");

    /**
     * An age limit, e.g. {@code {count: 24, period: hour}}.
     *
     * @param count  how many periods
     * @param period {@code minute}, {@code hour} or {@code day}
     */
    public record Threshold(int count, String period) {

        /** The limit as a duration. */
        public Duration duration() {
            return switch (period) {
                case "minute" -> Duration.ofMinutes(count);
                case "hour" -> Duration.ofHours(count);
                default -> Duration.ofDays(count);
            };
        }
    }

    /** Whether any threshold is set (a table without one is not checked). */
    public boolean isSet() {
        return warnAfter != null || errorAfter != null;
    }

    /**
     * The status of a table whose newest row is {@code age} old ({@code null}: it has no rows,
     * which is as stale as can be). An age equal to a limit is still within it.
     */
    public FreshnessStatus statusFor(Duration age) {
        if (errorAfter != null && (age == null || age.compareTo(errorAfter.duration()) > 0)) {
            return FreshnessStatus.ERROR;
        }
        if (warnAfter != null && (age == null || age.compareTo(warnAfter.duration()) > 0)) {
            return FreshnessStatus.WARN;
        }
        return FreshnessStatus.PASS;
    }

    /**
     * Reads a {@code freshness:} map as written in YAML; adds a diagnostic at {@code at} for
     * every problem and returns {@code null} if there was one.
     */
    public static FreshnessCriteria parse(Map<String, Object> config, SourcePosition at, List<Diagnostic> problems) {
        int before = problems.size();
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(Diagnostic.error("bad-freshness", at, "Unknown key '" + key + "' in 'freshness'.",
                        "Use warn_after, error_after and filter."));
            }
        }
        Threshold warn = threshold(config.get("warn_after"), "warn_after", at, problems);
        Threshold error = threshold(config.get("error_after"), "error_after", at, problems);
        Object filter = config.get("filter");
        if (filter != null && !(filter instanceof String)) {
            problems.add(Diagnostic.error("bad-freshness", at, "'filter' in 'freshness' must be a SQL condition.",
                    "Write 'filter: \"loaded_at > current_date - 7\"'."));
        }
        if (warn != null && error != null && warn.duration().compareTo(error.duration()) > 0) {
            problems.add(Diagnostic.error("bad-freshness", at, "'warn_after' (" + warn.count() + " " + warn.period()
                    + ") is longer than 'error_after' (" + error.count() + " " + error.period() + ").",
                    "A table should warn before it errors: shorten warn_after."));
        }
        return problems.size() > before ? null : new FreshnessCriteria(warn, error, (String) filter);
    }

    private static Threshold threshold(Object value, String key, SourcePosition at, List<Diagnostic> problems) {
        if (value == null) {
            return null;
        }
        String hint = "Write '" + key + ": {count: 24, period: hour}' (period: minute, hour or day).";
        if (!(value instanceof Map<?, ?> m)) {
            problems.add(Diagnostic.error("bad-freshness", at, "'" + key + "' must be a mapping of count and period.", hint));
            return null;
        }
        Object count = m.get("count");
        Object period = m.get("period");
        if (m.isEmpty() || count == null && period == null) {
            return null; // dbt: an empty threshold means none
        }
        boolean countOk = count instanceof Integer i && i > 0
                || count instanceof String s && s.matches("[1-9][0-9]{0,8}");
        String p = period == null ? null : String.valueOf(period).toLowerCase(Locale.ROOT);
        if (!countOk || !PERIODS.contains(p)) {
            problems.add(Diagnostic.error("bad-freshness", at, "'" + key + "' is " + m + ".", hint));
            return null;
        }
        return new Threshold(Integer.parseInt(String.valueOf(count)), p);
    }
}
