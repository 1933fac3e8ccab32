package dev.kiln.hubspot;

import java.util.Locale;

/** The HubSpot property type a created property gets, from its column's SQL type. */
enum PropertyType {
    STRING("string", "text"),
    NUMBER("number", "number"),
    DATE("date", "date"),
    DATETIME("datetime", "date"),
    BOOL("enumeration", "booleancheckbox");

    private final String type;
    private final String fieldType;

    PropertyType(String type, String fieldType) {
        this.type = type;
        this.fieldType = fieldType;
    }

    /** HubSpot's {@code type}. */
    String type() {
        return type;
    }

    /** HubSpot's {@code fieldType}. */
    String fieldType() {
        return fieldType;
    }

    /** The type for a warehouse type name ({@code VARCHAR}, {@code DECIMAL(18,2)}, {@code timestamp(3)}, …). */
    static PropertyType of(String sqlType) {
        String t = sqlType == null ? "" : sqlType.toLowerCase(Locale.ROOT).trim();
        if (t.startsWith("bool")) {
            return BOOL;
        }
        if (t.startsWith("timestamp") || t.startsWith("datetime")) {
            return DATETIME;
        }
        if (t.equals("date")) {
            return DATE;
        }
        if (t.matches("(tiny|small|big|huge|u?)int.*|integer.*|u?(tinyint|smallint|bigint|hugeint|integer).*|decimal.*|numeric.*|double.*|float.*|real.*")) {
            return NUMBER;
        }
        return STRING;
    }
}
