package dev.kiln.cli;

import dev.kiln.QueryRows;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats query rows as an aligned text table (Markdown-compatible), numeric columns
 * right-aligned:
 * <pre>
 * | user_id | plan    |
 * | ------- | ------- |
 * |       1 | free    |
 * |       2 | premium |
 * … (more rows)
 * </pre>
 * Long values are cut at {@link #MAX_WIDTH} characters and line breaks shown as {@code ⏎}.
 */
final class ResultTable {

    /** The widest a column may be. */
    static final int MAX_WIDTH = 60;

    /** The line under a table with more rows than shown. */
    static final String MORE = "… (more rows)";

    private ResultTable() {
    }

    /**
     * The table.
     *
     * @param result the rows; {@link QueryRows#truncated()} adds {@link #MORE}
     * @return the lines, without a final line break
     */
    static String format(QueryRows result) {
        List<String> columns = result.columns();
        int n = columns.size();
        List<String[]> cells = new ArrayList<>();
        boolean[] text = new boolean[n];
        boolean[] number = new boolean[n];
        for (List<Object> row : result.rows()) {
            String[] line = new String[n];
            for (int c = 0; c < n; c++) {
                Object v = c < row.size() ? row.get(c) : null;
                line[c] = cell(v);
                number[c] |= v instanceof Number;
                text[c] |= v != null && !(v instanceof Number);
            }
            cells.add(line);
        }
        boolean[] numeric = new boolean[n];
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            numeric[c] = number[c] && !text[c];
            width[c] = Math.max(3, cut(columns.get(c)).length());
            for (String[] line : cells) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        List<String> out = new ArrayList<>();
        String[] header = new String[n];
        String[] rule = new String[n];
        for (int c = 0; c < n; c++) {
            header[c] = pad(cut(columns.get(c)), width[c], numeric[c]);
            rule[c] = "-".repeat(width[c]);
        }
        out.add(row(header));
        out.add(row(rule));
        for (String[] line : cells) {
            String[] padded = new String[n];
            for (int c = 0; c < n; c++) {
                padded[c] = pad(line[c], width[c], numeric[c]);
            }
            out.add(row(padded));
        }
        if (result.truncated()) {
            out.add(MORE);
        }
        return String.join(System.lineSeparator(), out);
    }

    private static String row(String[] cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String cell(Object v) {
        return cut(v == null ? "null" : String.valueOf(v));
    }

    /** One line, at most {@link #MAX_WIDTH} characters, {@code |} escaped. */
    private static String cut(String s) {
        String flat = s.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎').replace('\t', ' ')
                .replace("|", "\\|");
        return flat.length() <= MAX_WIDTH ? flat : flat.substring(0, MAX_WIDTH - 1) + "…";
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
