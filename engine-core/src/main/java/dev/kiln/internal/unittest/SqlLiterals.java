package dev.kiln.internal.unittest;

import dev.kiln.spi.Dialect;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Fixture values from YAML as SQL literals: numbers and booleans as written, ISO dates and
 * timestamps as typed literals ({@code date '2026-10-30'}), other text quoted.
 */
final class SqlLiterals {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

    private SqlLiterals() {
    }

    static String of(Object value, Dialect dialect) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).toPlainString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).toPlainString();
        }
        if (value instanceof java.util.Date d) {
            return "date " + dialect.quoteString(new java.text.SimpleDateFormat("yyyy-MM-dd").format(d));
        }
        String s = String.valueOf(value);
        if (DATE.matcher(s).matches()) {
            return "date " + dialect.quoteString(s);
        }
        if (TIMESTAMP.matcher(s).matches()) {
            return "timestamp " + dialect.quoteString(s.replace('T', ' '));
        }
        return dialect.quoteString(s);
    }
}
