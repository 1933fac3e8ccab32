package dev.kiln.serve;

import org.duckdb.DuckDBAppender;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a warehouse's type names (DuckDB's, Athena's/Trino's) to the replica's DuckDB types,
 * and appends a value of each to a DuckDB appender.
 */
final class ReplicaTypes {

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern ARRAY = Pattern.compile("ARRAY\\s*[(<](.*)[)>]");

    private ReplicaTypes() {
    }

    /** The replica's type for a source column of type {@code sourceType}. */
    static String duckdb(String sourceType) {
        String t = sourceType == null ? "VARCHAR" : sourceType.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("[]")) {
            String element = duckdb(t.substring(0, t.length() - 2));
            return element.endsWith("[]") || element.equals("VARCHAR") && !t.startsWith("VARCHAR") ? "VARCHAR" : element + "[]";
        }
        Matcher array = ARRAY.matcher(t);
        if (array.matches()) {
            return duckdb(array.group(1) + "[]");
        }
        Matcher dec = DECIMAL.matcher(t);
        if (dec.matches()) {
            int precision = Integer.parseInt(dec.group(1));
            return precision <= 38 ? "DECIMAL(" + dec.group(1) + "," + dec.group(2) + ")" : "VARCHAR";
        }
        int paren = t.indexOf('(');
        String base = paren < 0 ? t : t.substring(0, paren).trim();
        return switch (base) {
            case "BOOLEAN", "BOOL" -> "BOOLEAN";
            case "TINYINT", "INT1" -> "TINYINT";
            case "SMALLINT", "INT2", "UTINYINT" -> "SMALLINT";
            case "INTEGER", "INT", "INT4", "USMALLINT" -> "INTEGER";
            case "BIGINT", "INT8", "LONG", "UINTEGER" -> "BIGINT";
            case "HUGEINT", "UBIGINT" -> "HUGEINT";
            case "DECIMAL", "NUMERIC" -> "DECIMAL(18,3)";
            case "FLOAT", "REAL", "FLOAT4" -> "FLOAT";
            case "DOUBLE", "FLOAT8", "DOUBLE PRECISION" -> "DOUBLE";
            case "DATE" -> "DATE";
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" ->
                    t.contains("WITH TIME ZONE") ? "TIMESTAMPTZ" : "TIMESTAMP";
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMPTZ";
            case "UUID" -> "UUID";
            default -> "VARCHAR";
        };
    }

    /** Appends {@code value} to a column of replica type {@code type}. */
    static void append(DuckDBAppender a, String type, Object value) throws SQLException {
        if (value == null) {
            a.appendNull();
            return;
        }
        if (type.endsWith("[]")) {
            a.append(list(value, type.substring(0, type.length() - 2)));
            return;
        }
        switch (type) {
            case "BOOLEAN" -> a.append(value instanceof Boolean b ? b.booleanValue() : Boolean.parseBoolean(value.toString()));
            case "TINYINT" -> a.append(number(value).byteValue());
            case "SMALLINT" -> a.append(number(value).shortValue());
            case "INTEGER" -> a.append(number(value).intValue());
            case "BIGINT" -> a.append(number(value).longValue());
            case "HUGEINT" -> a.append(value instanceof BigInteger b ? b : new BigInteger(value.toString()));
            case "FLOAT" -> a.append(number(value).floatValue());
            case "DOUBLE" -> a.append(number(value).doubleValue());
            case "DATE" -> a.append(date(value));
            case "TIMESTAMP" -> a.append(timestamp(value));
            case "TIMESTAMPTZ" -> a.append(timestampTz(value));
            case "UUID" -> a.append(value instanceof UUID u ? u : UUID.fromString(value.toString()));
            case "VARCHAR" -> a.append(text(value));
            default -> a.append(value instanceof BigDecimal d ? d : new BigDecimal(value.toString()));
        }
    }

    private static Number number(Object v) {
        return v instanceof Number n ? n : new BigDecimal(v.toString());
    }

    private static LocalDate date(Object v) {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return LocalDate.parse(v.toString().substring(0, 10));
    }

    private static LocalDateTime timestamp(Object v) {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return LocalDateTime.parse(v.toString().replace(' ', 'T'));
    }

    private static OffsetDateTime timestampTz(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        if (v instanceof Timestamp t) {
            return t.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(v.toString().replace(' ', 'T'));
    }

    private static String text(Object v) {
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof java.sql.Array arr) {
            try {
                return java.util.Arrays.deepToString((Object[]) arr.getArray());
            } catch (SQLException e) {
                return arr.toString();
            }
        }
        return v.toString();
    }

    private static List<Object> list(Object value, String elementType) throws SQLException {
        Object[] items;
        if (value instanceof java.sql.Array arr) {
            items = (Object[]) arr.getArray();
        } else if (value instanceof List<?> l) {
            items = l.toArray();
        } else if (value instanceof Object[] o) {
            items = o;
        } else {
            items = new Object[] {value};
        }
        List<Object> out = new ArrayList<>(items.length);
        for (Object item : items) {
            out.add(item == null ? null : element(item, elementType));
        }
        return out;
    }

    private static Object element(Object v, String type) {
        return switch (type) {
            case "BOOLEAN" -> v instanceof Boolean b ? b : Boolean.valueOf(v.toString());
            case "TINYINT" -> number(v).byteValue();
            case "SMALLINT" -> number(v).shortValue();
            case "INTEGER" -> number(v).intValue();
            case "BIGINT" -> number(v).longValue();
            case "HUGEINT" -> v instanceof BigInteger b ? b : new BigInteger(v.toString());
            case "FLOAT" -> number(v).floatValue();
            case "DOUBLE" -> number(v).doubleValue();
            case "DATE" -> date(v);
            case "TIMESTAMP" -> timestamp(v);
            case "TIMESTAMPTZ" -> timestampTz(v);
            case "UUID" -> v instanceof UUID u ? u : UUID.fromString(v.toString());
            case "VARCHAR" -> text(v);
            default -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
        };
    }
}
