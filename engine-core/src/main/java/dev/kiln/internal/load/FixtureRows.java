package dev.kiln.internal.load;

import dev.kiln.SourcePosition;
import dev.kiln.UnitTestSpec;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a unit test fixture ({@code given} or {@code expect}) in one of dbt's formats: {@code dict} (a list of
 * mappings), {@code csv} (CSV text, a header line then one line per row) or {@code sql} (a query). Problems are
 * reported with the file and line of the bad row.
 */
final class FixtureRows {

    /**
     * Rows read.
     *
     * @param format {@code dict}, {@code csv} or {@code sql}
     * @param rows   the rows (empty for {@code sql})
     * @param text   the CSV text or the query; {@code null} for {@code dict}
     */
    record Read(String format, List<Map<String, Object>> rows, String text) {
    }

    private final YamlReader reader;

    FixtureRows(YamlReader reader) {
        this.reader = reader;
    }

    /** Reads {@code rows} (and {@code format}, {@code fixture}) of a {@code given} or {@code expect} mapping. */
    Read read(YNode.YMap m, String what) {
        String format = reader.string(m, "format", "'format'");
        format = format == null ? "dict" : format.strip().toLowerCase(Locale.ROOT);
        if (m.get("fixture") != null) {
            reader.error("unsupported", m.get("fixture").position(), what + ": 'fixture' files are not supported.",
                    "Write the rows inline under 'rows' (format dict, csv or sql).");
        }
        if (!UnitTestSpec.FORMATS.contains(format)) {
            reader.error("bad-value", m.get("format").position(), what + ": format '" + format + "' is unknown.",
                    "Use dict (a list of mappings), csv (CSV text) or sql (a query).");
            return new Read("dict", List.of(), null);
        }
        YNode rows = m.get("rows");
        if (format.equals("dict")) {
            return new Read(format, dict(rows), null);
        }
        String text = rows == null ? null : reader.string(rows, "'rows' (format " + format + ")");
        if (text == null || text.isBlank()) {
            reader.error("missing-key", rows == null ? m.position() : rows.position(), what + " has format " + format
                    + " but no 'rows' text.", format.equals("csv") ? "Write rows: | with a header line, then one line per row."
                    : "Write rows: | with a query that returns the rows.");
            return new Read(format, List.of(), text);
        }
        return new Read(format, format.equals("csv") ? csv(text, rows.position(), what) : List.of(), text);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> dict(YNode node) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (YNode r : reader.list(node, "'rows'")) {
            YNode.YMap rm = reader.map(r, "A row (format dict; for CSV text write format: csv)");
            if (rm != null) {
                rows.add((Map<String, Object>) rm.plain());
            }
        }
        return rows;
    }

    /**
     * CSV rows: the first line names the columns; each value is typed as YAML would type it (integers, decimals,
     * {@code true}/{@code false}), an empty value or {@code null} is null, and the rest is text ("quoted" text keeps
     * commas and stays text). {@code at} is the position of the {@code rows} value: in a block ({@code rows: |}) the
     * text starts on the next line, which is how a bad row's line is told.
     */
    private List<Map<String, Object>> csv(String text, SourcePosition at, String what) {
        List<String> lines = text.lines().toList();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        if (first == lines.size()) {
            return rows;
        }
        List<Cell> header = split(lines.get(first));
        for (Cell h : header) {
            if (h.text().isBlank()) {
                reader.error("bad-value", line(at, first), what + ": the CSV header has an empty column name.",
                        "Name every column in the first line: id,name,amount.");
                return rows;
            }
        }
        for (int i = first + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<Cell> cells = split(lines.get(i));
            if (cells.size() != header.size()) {
                reader.error("bad-value", line(at, i), what + ": this CSV row has " + cells.size() + " value(s) but the header names "
                        + header.size() + " column(s) (" + String.join(", ", header.stream().map(Cell::text).toList()) + ").",
                        "Give one value per column; quote a value that holds a comma: \"a, b\".");
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c).text().strip(), value(cells.get(c)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The line of the {@code index}-th line of a block scalar that starts after {@code at}. */
    private static SourcePosition line(SourcePosition at, int index) {
        return new SourcePosition(at.file(), at.line() + 1 + index, 1);
    }

    private record Cell(String text, boolean quoted) {
    }

    private static Object value(Cell cell) {
        if (cell.quoted()) {
            return cell.text();
        }
        String s = cell.text().strip();
        if (s.isEmpty() || s.equals("null")) {
            return null;
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        if (s.matches("[-+]?\\d{1,18}")) {
            return Long.valueOf(s);
        }
        if (s.matches("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return new BigDecimal(s);
        }
        return s;
    }

    private static List<Cell> split(String line) {
        List<Cell> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                out.add(new Cell(wasQuoted ? cell.toString() : cell.toString().strip(), wasQuoted));
                cell.setLength(0);
                wasQuoted = false;
            } else if (!(wasQuoted && Character.isWhitespace(c))) {
                cell.append(c);
            }
        }
        out.add(new Cell(wasQuoted ? cell.toString() : cell.toString().strip(), wasQuoted));
        return out;
    }
}
