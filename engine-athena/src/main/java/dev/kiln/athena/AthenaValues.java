package dev.kiln.athena;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Turns the text Athena returns for a value into a Java value by the column's type: numbers,
 * booleans, {@link LocalDate} and {@link LocalDateTime}; everything else (varchar, arrays, maps,
 * rows, json) stays text.
 */
public final class AthenaValues {

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private AthenaValues() {
    }

    /** The value of {@code text} in a column of Athena type {@code type}; {@code null} stays null. */
    public static Object convert(String type, String text) {
        if (text == null) {
            return null;
        }
        String t = type == null ? "varchar" : type.toLowerCase(Locale.ROOT);
        int paren = t.indexOf('(');
        String base = (paren < 0 ? t : t.substring(0, paren)).strip();
        try {
            return switch (base) {
                case "boolean" -> Boolean.parseBoolean(text);
                case "tinyint", "smallint", "integer", "int" -> Integer.parseInt(text);
                case "bigint" -> Long.parseLong(text);
                case "real", "float" -> Float.parseFloat(text);
                case "double" -> Double.parseDouble(text);
                case "decimal" -> new BigDecimal(text);
                case "date" -> LocalDate.parse(text);
                case "timestamp" -> LocalDateTime.parse(text, TIMESTAMP);
                default -> text;
            };
        } catch (RuntimeException e) {
            return text; // special values (NaN, Infinity, zoned timestamps) stay text
        }
    }
}
