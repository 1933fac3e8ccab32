package dev.kiln.serve;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a column holds, as far as the API cares: how a query parameter is parsed to compare
 * with it, and how it is described in OpenAPI.
 */
public enum ColumnKind {
    /** A whole number (TINYINT … HUGEINT, unsigned too). */
    INTEGER("integer", "a whole number"),
    /** An exact decimal. */
    DECIMAL("number", "a decimal number"),
    /** A floating-point number. */
    FLOAT("number", "a number"),
    /** true or false. */
    BOOLEAN("boolean", "true or false"),
    /** A calendar date. */
    DATE("string", "a date (YYYY-MM-DD)"),
    /** A timestamp without time zone. */
    TIMESTAMP("string", "a timestamp (YYYY-MM-DDTHH:MM:SS)"),
    /** A timestamp with time zone. */
    TIMESTAMPTZ("string", "a timestamp with offset (YYYY-MM-DDTHH:MM:SSZ)"),
    /** A UUID. */
    UUID("string", "a UUID"),
    /** Text (and anything compared as text: times, intervals). */
    STRING("string", "text"),
    /** A list. */
    LIST("array", "a list"),
    /** A struct, map or anything else: returned, never filtered on. */
    OTHER("object", "a structured value");

    private final String jsonType;
    private final String phrase;

    ColumnKind(String jsonType, String phrase) {
        this.jsonType = jsonType;
        this.phrase = phrase;
    }

    /** The kind of a DuckDB type name ({@code BIGINT}, {@code DECIMAL(18,2)}, {@code VARCHAR[]}). */
    public static ColumnKind of(String typeName) {
        String t = typeName == null ? "" : typeName.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("]")) {
            return LIST;
        }
        int paren = t.indexOf('(');
        String base = paren < 0 ? t : t.substring(0, paren).trim();
        return switch (base) {
            case "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "INT1", "INT2", "INT4", "INT8", "LONG", "SHORT" -> INTEGER;
            case "DECIMAL", "NUMERIC" -> DECIMAL;
            case "DOUBLE", "FLOAT", "REAL", "FLOAT4", "FLOAT8" -> FLOAT;
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "DATE" -> DATE;
            case "TIMESTAMP", "DATETIME", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> TIMESTAMPTZ;
            case "UUID" -> UUID;
            case "VARCHAR", "TEXT", "STRING", "CHAR", "BPCHAR", "TIME", "INTERVAL", "ENUM" -> STRING;
            default -> base.startsWith("STRUCT") || base.startsWith("MAP") || base.startsWith("UNION") ? OTHER : STRING;
        };
    }

    /** Whether a query parameter can be compared with a column of this kind. */
    public boolean filterable() {
        return this != LIST && this != OTHER;
    }

    /** A phrase for error messages: "a whole number". */
    public String phrase() {
        return phrase;
    }

    /**
     * Parses a query or path parameter into a value to bind.
     *
     * @throws IllegalArgumentException when {@code text} is not of this kind
     */
    public Object parse(String text) {
        String s = text.trim();
        try {
            return switch (this) {
                case INTEGER -> {
                    BigInteger b = new BigInteger(s);
                    yield b.bitLength() < 64 ? (Object) b.longValue() : b;
                }
                case DECIMAL -> new BigDecimal(s);
                case FLOAT -> {
                    if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                        throw new NumberFormatException(s);
                    }
                    yield Double.parseDouble(s);
                }
                case BOOLEAN -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException(s);
                };
                case DATE -> LocalDate.parse(s);
                case TIMESTAMP -> LocalDateTime.parse(s.replace(' ', 'T'));
                case TIMESTAMPTZ -> OffsetDateTime.parse(s.replace(' ', 'T'));
                case UUID -> java.util.UUID.fromString(s);
                case STRING -> text;
                case LIST, OTHER -> throw new IllegalArgumentException(s);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** The JSON Schema (OpenAPI 3.0) of a value of this kind, for a column of type {@code typeName}. */
    public Map<String, Object> schema(String typeName) {
        return switch (this) {
            case INTEGER -> typeName.toUpperCase(Locale.ROOT).contains("HUGE")
                    ? Map.of("type", "integer") : Map.of("type", "integer", "format", "int64");
            case DECIMAL -> Map.of("type", "number", "description", typeName + ", written exactly");
            case FLOAT -> Map.of("type", "number", "format", "double");
            case BOOLEAN -> Map.of("type", "boolean");
            case DATE -> Map.of("type", "string", "format", "date");
            case TIMESTAMP, TIMESTAMPTZ -> Map.of("type", "string", "format", "date-time");
            case UUID -> Map.of("type", "string", "format", "uuid");
            case STRING -> Map.of("type", "string");
            case LIST -> Map.of("type", "array", "items", Map.of());
            case OTHER -> Map.of("type", "object");
        };
    }

    /** The OpenAPI type name. */
    public String jsonType() {
        return jsonType;
    }
}
