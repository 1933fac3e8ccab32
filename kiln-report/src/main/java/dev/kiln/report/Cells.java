package dev.kiln.report;

import org.apache.poi.ss.usermodel.Cell;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Puts a JDBC value into a cell with the matching Excel type. */
final class Cells {

    private Cells() {
    }

    /** Sets {@code cell} from {@code v}; {@code null} leaves it blank. */
    static void set(Cell cell, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof BigDecimal d) {
            cell.setCellValue(d.doubleValue());
        } else if (v instanceof BigInteger i) {
            cell.setCellValue(i.doubleValue());
        } else if (v instanceof Number n) {
            cell.setCellValue(n.doubleValue());
        } else if (v instanceof Boolean b) {
            cell.setCellValue(b);
        } else if (v instanceof java.sql.Timestamp t) {
            cell.setCellValue(t.toLocalDateTime());
        } else if (v instanceof java.sql.Date d) {
            cell.setCellValue(d.toLocalDate());
        } else if (v instanceof LocalDate d) {
            cell.setCellValue(d);
        } else if (v instanceof LocalDateTime t) {
            cell.setCellValue(t);
        } else if (v instanceof OffsetDateTime t) {
            cell.setCellValue(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (v instanceof ZonedDateTime t) {
            cell.setCellValue(t.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
        } else if (v instanceof Instant t) {
            cell.setCellValue(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        } else {
            String s = String.valueOf(v);
            cell.setCellValue(s.length() > 32_767 ? s.substring(0, 32_767) : s);
        }
    }

    /** How wide the value reads, in characters, for the column's width. */
    static int width(Object v, String format) {
        if (v == null) {
            return 0;
        }
        if (v instanceof java.util.Date || v instanceof java.time.temporal.Temporal) {
            return format != null && format.contains("hh") ? 19 : 10;
        }
        if (v instanceof Number n) {
            String s = n instanceof BigDecimal d ? d.toPlainString() : String.valueOf(n);
            return s.length() + (format != null && format.contains(",") ? s.length() / 3 : 0) + 1;
        }
        return String.valueOf(v).length();
    }

    /** A value as text for a chart's categories. */
    static String text(Object v) {
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        return v == null ? "" : String.valueOf(v);
    }
}
