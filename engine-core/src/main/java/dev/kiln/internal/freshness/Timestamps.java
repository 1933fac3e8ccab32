package dev.kiln.internal.freshness;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * Turns the timestamp values a JDBC driver returns into instants. A timestamp without a time
 * zone is taken to be UTC, as dbt assumes for {@code loaded_at_field}.
 */
final class Timestamps {

    private static final DateTimeFormatter SQL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter();

    private Timestamps() {
    }

    /**
     * The instant of a value, or {@code null} for {@code null}.
     *
     * @throws IllegalArgumentException if the value is not a timestamp or a date
     */
    static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        if (value instanceof CharSequence s) {
            return parse(s.toString().strip());
        }
        throw new IllegalArgumentException("not a timestamp: " + value + " (" + value.getClass().getSimpleName() + ")");
    }

    private static Instant parse(String text) {
        try {
            var parsed = SQL.parse(text);
            LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed),
                    parsed.isSupported(ChronoField.NANO_OF_DAY) ? java.time.LocalTime.ofNanoOfDay(
                            parsed.getLong(ChronoField.NANO_OF_DAY)) : java.time.LocalTime.MIDNIGHT);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return local.toInstant(offset);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a timestamp: '" + text + "'", e);
        }
    }
}
