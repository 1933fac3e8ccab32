package dev.kiln.report;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a column's cells look in a workbook: an Excel number format chosen from the part's
 * {@code formats:} (by column name), else from the column's type and name: dates and
 * timestamps as dates, decimals with two places (or the type's scale), ratios whose name ends
 * in {@code _pct}, {@code _rate}, {@code _ratio} or {@code _share} as percentages.
 */
final class ColumnFormat {

    /** Named formats accepted in {@code formats:}. */
    static final Map<String, String> NAMED = Map.of(
            "percent", "0.0%",
            "decimal", "#,##0.00",
            "integer", "#,##0",
            "date", "yyyy-mm-dd",
            "datetime", "yyyy-mm-dd hh:mm:ss",
            "text", "@");

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*\\d+\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern RATIO = Pattern.compile(".*(?:_pct|_percent|_rate|_ratio|_share)$|^(?:pct|rate|ratio|share)$");

    private ColumnFormat() {
    }

    /** The Excel format of a column, or {@code null} for Excel's General. */
    static String of(String column, String type, Map<String, String> formats) {
        String explicit = formats.get(column);
        if (explicit != null) {
            return NAMED.getOrDefault(explicit.toLowerCase(Locale.ROOT), explicit);
        }
        String t = type == null ? "" : type.toUpperCase(Locale.ROOT).strip();
        String name = column.toLowerCase(Locale.ROOT);
        if (t.startsWith("TIMESTAMP") || t.equals("DATETIME")) {
            return NAMED.get("datetime");
        }
        if (t.equals("DATE")) {
            return NAMED.get("date");
        }
        boolean fractional = t.startsWith("DECIMAL") || t.startsWith("NUMERIC") || t.equals("DOUBLE")
                || t.equals("FLOAT") || t.equals("REAL") || t.startsWith("FLOAT");
        if (fractional && RATIO.matcher(name).matches()) {
            return NAMED.get("percent");
        }
        Matcher m = DECIMAL.matcher(t);
        if (m.find()) {
            int scale = Integer.parseInt(m.group(1));
            return scale == 0 ? "#,##0" : "#,##0." + "0".repeat(Math.min(scale, 6));
        }
        return fractional ? NAMED.get("decimal") : null;
    }
}
