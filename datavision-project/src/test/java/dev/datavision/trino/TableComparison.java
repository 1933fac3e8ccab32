package dev.datavision.trino;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One table built by two engines, compared as multisets of rows: the same columns (by name), the
 * same number of rows, and row for row the same values, where "the same" is
 * <ul>
 *   <li>integers, decimals, text, booleans, dates and timestamps: <b>exactly</b> equal (numbers by
 *       value, so DuckDB's {@code BIGINT 5} equals Trino's {@code integer 5} and {@code 5.00});</li>
 *   <li>a column that is floating point on either engine: equal within a relative
 *       {@value #TOLERANCE} (absolute below 1). A sum or average of doubles depends on the order
 *       the rows are added in, which differs between DuckDB's and Trino's parallel aggregation, and
 *       {@code ln}, {@code power} may differ in the last bit: the numbers agree to about 15
 *       significant digits, never exactly.</li>
 * </ul>
 * Rows are paired by sorting both sides on the exact columns, then on the floating ones.
 * Columns listed in {@link #ENGINE_SPECIFIC} are left out, each with its reason.
 */
record TableComparison(String table, List<String> columns, List<Boolean> approximate, List<List<Object>> left,
                       List<List<Object>> right) {

    /** Relative tolerance of floating-point columns. */
    static final double TOLERANCE = 1e-9;

    /**
     * Columns whose value is the engine's own and not the data's, so they cannot agree:
     * the snapshot's {@code kiln_scd_id} is an MD5 of the key and {@code updated_at} cast to text,
     * and DuckDB writes a timestamp as {@code 2026-01-05 10:00:00}, Trino as
     * {@code 2026-01-05 10:00:00.000000}.
     */
    static final Map<String, String> ENGINE_SPECIFIC = Map.of(
            "snapshots.user_plan_snapshot.kiln_scd_id", "an MD5 of a timestamp as text, which each engine writes its own way");

    /** Reads {@code table} from DuckDB and {@code trinoTable} from Trino. */
    static TableComparison of(String table, Connection duck, Connection trino, String trinoTable) throws SQLException {
        Map<String, Integer> duckColumns = columns(duck, "SELECT * FROM " + table + " LIMIT 0");
        Map<String, Integer> trinoColumns = columns(trino, "SELECT * FROM " + trinoTable + " LIMIT 0");
        if (!duckColumns.keySet().equals(trinoColumns.keySet())) {
            throw new AssertionError(table + ": columns differ: DuckDB " + duckColumns.keySet() + ", Trino "
                    + trinoColumns.keySet());
        }
        List<String> names = new ArrayList<>();
        List<Boolean> approximate = new ArrayList<>();
        for (Map.Entry<String, Integer> c : duckColumns.entrySet()) {
            if (ENGINE_SPECIFIC.containsKey(table + "." + c.getKey())) {
                continue;
            }
            names.add(c.getKey());
            approximate.add(floating(c.getValue()) || floating(trinoColumns.get(c.getKey())));
        }
        StringJoiner select = new StringJoiner(", ");
        names.forEach(n -> select.add('"' + n + '"'));
        return new TableComparison(table, names, approximate, rows(duck, "SELECT " + select + " FROM " + table),
                rows(trino, "SELECT " + select + " FROM " + trinoTable));
    }

    /** What differs, for a failure message; empty when the two tables hold the same rows. */
    Optional<String> difference() {
        if (left.size() != right.size()) {
            return Optional.of(table + ": " + left.size() + " rows on DuckDB, " + right.size() + " on Trino");
        }
        Comparator<List<Object>> order = order();
        List<List<Object>> l = new ArrayList<>(left);
        List<List<Object>> r = new ArrayList<>(right);
        l.sort(order);
        r.sort(order);
        int differing = 0;
        String first = null;
        for (int i = 0; i < l.size(); i++) {
            if (!same(l.get(i), r.get(i))) {
                if (differing++ == 0) {
                    first = "DuckDB " + row(l.get(i)) + " vs Trino " + row(r.get(i));
                }
            }
        }
        return differing == 0 ? Optional.empty()
                : Optional.of(table + ": " + differing + " of " + l.size() + " rows differ, first: " + first);
    }

    private boolean same(List<Object> a, List<Object> b) {
        for (int c = 0; c < columns.size(); c++) {
            Object x = a.get(c);
            Object y = b.get(c);
            if (x == null || y == null) {
                if (x != y) {
                    return false;
                }
            } else if (approximate.get(c)) {
                double dx = ((Number) x).doubleValue();
                double dy = ((Number) y).doubleValue();
                if (Math.abs(dx - dy) > TOLERANCE * Math.max(1.0, Math.max(Math.abs(dx), Math.abs(dy)))) {
                    return false;
                }
            } else if (x instanceof BigDecimal bx && y instanceof BigDecimal by) {
                if (bx.compareTo(by) != 0) {
                    return false;
                }
            } else if (!x.equals(y)) {
                return false;
            }
        }
        return true;
    }

    /** Exact columns first (as text), then floating ones (as numbers); nulls first. */
    private Comparator<List<Object>> order() {
        return (a, b) -> {
            for (int pass = 0; pass < 2; pass++) {
                for (int c = 0; c < columns.size(); c++) {
                    if (approximate.get(c) != (pass == 1)) {
                        continue;
                    }
                    Object x = a.get(c);
                    Object y = b.get(c);
                    if (x == null || y == null) {
                        if (x != y) {
                            return x == null ? -1 : 1;
                        }
                        continue;
                    }
                    int cmp = pass == 1 ? Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue())
                            : x instanceof BigDecimal bx && y instanceof BigDecimal by ? bx.compareTo(by)
                            : String.valueOf(x).compareTo(String.valueOf(y));
                    if (cmp != 0) {
                        return cmp;
                    }
                }
            }
            return 0;
        };
    }

    private String row(List<Object> values) {
        StringJoiner sj = new StringJoiner(", ", "(", ")");
        for (int c = 0; c < columns.size(); c++) {
            sj.add(columns.get(c) + "=" + values.get(c));
        }
        return sj.toString();
    }

    private static boolean floating(int sqlType) {
        return sqlType == Types.DOUBLE || sqlType == Types.FLOAT || sqlType == Types.REAL;
    }

    private static Map<String, Integer> columns(Connection c, String sql) throws SQLException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData m = r.getMetaData();
            for (int i = 1; i <= m.getColumnCount(); i++) {
                columns.put(m.getColumnLabel(i).toLowerCase(Locale.ROOT), m.getColumnType(i));
            }
        }
        return columns;
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(canonical(r.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One representation per value whatever the driver: numbers as BigDecimal or Double, times as ISO text. */
    static Object canonical(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof java.math.BigInteger i) {
            return new BigDecimal(i);
        }
        if (v instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof LocalDateTime || v instanceof LocalDate) {
            return v.toString();
        }
        if (v instanceof java.time.OffsetDateTime o) {
            return o.toLocalDateTime().toString();
        }
        return String.valueOf(v);
    }
}
