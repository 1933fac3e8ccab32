package dev.kiln.internal.unittest;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares expected and actual rows as multisets over the expected columns, normalizing values
 * (numbers by value, dates and timestamps as ISO text), and describes the difference for people.
 */
final class RowComparison {

    private RowComparison() {
    }

    /**
     * {@code null} when the rows match; else a readable diff. Each expected row is compared on
     * the columns it names (a row may leave out columns it does not care about); rows are
     * matched one to one, most specific expected rows first.
     */
    static String diff(List<String> columns, List<Map<String, Object>> expected, List<Map<String, Object>> actual) {
        List<Map<String, Object>> remaining = new ArrayList<>(actual);
        List<Map<String, Object>> missing = new ArrayList<>();
        List<Map<String, Object>> bySpecificity = new ArrayList<>(expected);
        bySpecificity.sort((a, b) -> Integer.compare(b.size(), a.size()));
        for (Map<String, Object> want : bySpecificity) {
            List<String> keys = new ArrayList<>(want.keySet());
            List<Object> target = key(keys, want);
            int match = -1;
            for (int i = 0; i < remaining.size() && match < 0; i++) {
                if (key(keys, remaining.get(i)).equals(target)) {
                    match = i;
                }
            }
            if (match < 0) {
                missing.add(want);
            } else {
                remaining.remove(match);
            }
        }
        if (missing.isEmpty() && remaining.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("expected ").append(expected.size()).append(" row(s), got ").append(actual.size()).append('\n');
        if (!missing.isEmpty()) {
            sb.append("  expected but missing:\n");
            missing.forEach(r -> sb.append("    - ").append(render(new ArrayList<>(r.keySet()), key(new ArrayList<>(r.keySet()), r)))
                    .append('\n'));
        }
        if (!remaining.isEmpty()) {
            sb.append("  returned but not expected:\n");
            remaining.forEach(r -> sb.append("    + ").append(render(columns, key(columns, r))).append('\n'));
        }
        return sb.toString().stripTrailing();
    }

    private static List<Object> key(List<String> columns, Map<String, Object> row) {
        Map<String, Object> lower = new HashMap<>();
        row.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        List<Object> key = new ArrayList<>(columns.size());
        for (String c : columns) {
            key.add(normalize(lower.get(c.toLowerCase(java.util.Locale.ROOT))));
        }
        return key;
    }

    static Object normalize(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            try {
                BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
                return d.scale() < 0 ? d.setScale(0) : d;
            } catch (NumberFormatException e) {
                return n.toString();
            }
        }
        if (v instanceof java.sql.Timestamp t) {
            return normalizeText(t.toLocalDateTime().toString());
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof TemporalAccessor || v instanceof java.util.Date) {
            return normalizeText(v.toString());
        }
        if (v instanceof String s) {
            return normalizeText(s);
        }
        return v;
    }

    private static String normalizeText(String s) {
        String t = s.replace('T', ' ');
        if (t.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
            if (t.length() == 16) {
                t = t + ":00";
            }
            return t.replaceAll("\\.0+$", "");
        }
        return s;
    }

    private static String render(List<String> columns, List<Object> values) {
        return "{" + java.util.stream.IntStream.range(0, columns.size())
                .mapToObj(i -> columns.get(i) + ": " + values.get(i)).collect(Collectors.joining(", ")) + "}";
    }
}
