package dev.kiln.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A seed's CSV file, for adapters whose warehouse cannot read the machine's files (they insert
 * its rows, or upload them): read to learn its header, row count and column types before it is loaded:
 * RFC 4180 quoting, a header row, {@code delimiter} configurable. Types are inferred from the
 * values (integer, bigint, double, boolean, date, timestamp, else varchar) unless
 * {@code column_types} names them.
 *
 * @param header the column names
 * @param rows   the records, each as long as the header (missing fields are empty)
 */
public record SeedCsv(List<String> header, List<List<String>> rows) {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

    /** Copies the lists. */
    public SeedCsv {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /** Parses CSV text. */
    public static SeedCsv parse(String text, char delimiter) {
        List<List<String>> records = records(text.startsWith("\uFEFF") ? text.substring(1) : text, delimiter);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the file is empty; a seed needs a header row");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue; // blank line
            }
            List<String> row = new ArrayList<>(r);
            while (row.size() < header.size()) {
                row.add("");
            }
            rows.add(row.subList(0, header.size()));
        }
        return new SeedCsv(header, rows);
    }

    /** The SQL type of each column: {@code declared} (by column name, case-insensitive) first, else inferred. */
    public List<String> types(Map<?, ?> declared) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String type = null;
            for (Map.Entry<?, ?> e : declared.entrySet()) {
                if (String.valueOf(e.getKey()).equalsIgnoreCase(name)) {
                    type = String.valueOf(e.getValue());
                }
            }
            out.add(type != null ? type : infer(i));
        }
        return out;
    }

    private String infer(int column) {
        boolean integer = true;
        boolean bigint = true;
        boolean decimal = true;
        boolean bool = true;
        boolean date = true;
        boolean timestamp = true;
        boolean any = false;
        for (List<String> row : rows) {
            String v = row.get(column).strip();
            if (v.isEmpty()) {
                continue;
            }
            any = true;
            boolean isInt = INTEGER.matcher(v).matches();
            if (isInt) {
                try {
                    long n = Long.parseLong(v);
                    integer &= n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE;
                } catch (NumberFormatException e) {
                    integer = false;
                    bigint = false;
                }
            } else {
                integer = false;
                bigint = false;
            }
            decimal &= DECIMAL.matcher(v).matches();
            String lower = v.toLowerCase(Locale.ROOT);
            bool &= lower.equals("true") || lower.equals("false");
            date &= DATE.matcher(v).matches();
            timestamp &= TIMESTAMP.matcher(v).matches() || DATE.matcher(v).matches();
        }
        if (!any) {
            return "varchar";
        }
        return integer ? "integer" : bigint ? "bigint" : decimal ? "double" : bool ? "boolean" : date ? "date"
                : timestamp ? "timestamp" : "varchar";
    }

    private static List<List<String>> records(String text, char delimiter) {
        List<List<String>> out = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                out.add(record);
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (fieldStarted || !record.isEmpty() || field.length() > 0) {
            record.add(field.toString());
            out.add(record);
        }
        return out;
    }
}
