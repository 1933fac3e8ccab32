package dev.kiln.internal.load;

import dev.kiln.Diagnostic;
import dev.kiln.Node;
import dev.kiln.SourcePosition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a seed's CSV at load time, so that a bad file stops the command before the database
 * is touched: not UTF-8, empty, a header without names, a quote never closed, or a row whose
 * number of fields differs from the header's (ragged), each at the line where it is. The
 * separator is the seed's {@code delimiter} config (a comma by default); quotes follow RFC 4180.
 */
final class SeedFileCheck {

    /** Ragged rows reported per file; the rest are counted in the last message. */
    private static final int MAX_REPORTED = 5;

    private SeedFileCheck() {
    }

    static void check(Path root, Node seed, List<Diagnostic> diagnostics) {
        String relative = seed.origin().path().toString().replace('\\', '/');
        Path file = Path.of(relative);
        String text = ProjectText.read(root, relative, diagnostics);
        if (text.isBlank()) {
            diagnostics.add(Diagnostic.error("empty-seed", new SourcePosition(file, 1, 1), "Seed '" + seed.name()
                    + "' is an empty file: it needs a header row naming its columns.",
                    "Write the column names on the first line, e.g. id,name (and rows below it), or delete the file."));
            return;
        }
        String delimiter = seed.config().string("delimiter").orElse(",");
        char sep = delimiter.isEmpty() ? ',' : delimiter.charAt(0);
        List<Row> rows = rows(text, sep);
        Row header = rows.get(0);
        if (header.unclosedQuote() || rows.size() > 1 && rows.get(rows.size() - 1).unclosedQuote()) {
            Row bad = header.unclosedQuote() ? header : rows.get(rows.size() - 1);
            diagnostics.add(Diagnostic.error("bad-seed", new SourcePosition(file, bad.line(), 1), "Seed '" + seed.name()
                    + "': a quoted field opened on this line is never closed.", "Close the quote (write \"\" for a quote inside a field)."));
            return;
        }
        if (header.fields().stream().anyMatch(String::isBlank)) {
            diagnostics.add(Diagnostic.error("bad-seed", new SourcePosition(file, 1, 1), "Seed '" + seed.name()
                    + "' has no header row (an empty column name in line 1: " + abbreviate(String.join(String.valueOf(sep), header.fields())) + ").",
                    "The first line must name every column, e.g. id,name."));
            return;
        }
        int ragged = 0;
        for (int i = 1; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.fields().size() == 1 && r.fields().get(0).isEmpty()) {
                continue; // an empty line
            }
            if (r.fields().size() != header.fields().size()) {
                if (++ragged <= MAX_REPORTED) {
                    diagnostics.add(Diagnostic.error("ragged-seed", new SourcePosition(file, r.line(), 1), "Seed '"
                            + seed.name() + "': row " + i + " has " + r.fields().size() + " field" + (r.fields().size() == 1 ? "" : "s")
                            + ", the header has " + header.fields().size() + ".",
                            "Give every row one value per column (an empty value is written as nothing between two '" + sep + "')."));
                }
            }
        }
        if (ragged > MAX_REPORTED) {
            diagnostics.add(Diagnostic.error("ragged-seed", new SourcePosition(file, 1, 1), "Seed '" + seed.name() + "': "
                    + (ragged - MAX_REPORTED) + " more rows have the wrong number of fields.", null));
        }
    }

    /** A CSV record: its fields, the line it starts on, and whether it ended inside quotes. */
    record Row(List<String> fields, int line, boolean unclosedQuote) {
    }

    static List<Row> rows(String text, char sep) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int start = 1;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte order mark
            n--;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == sep) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                rows.add(new Row(List.copyOf(fields), start, false));
                fields.clear();
                line++;
                start = line;
            } else {
                field.append(c);
            }
        }
        if (quoted || field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(List.copyOf(fields), start, quoted));
        }
        if (rows.isEmpty()) {
            rows.add(new Row(List.of(""), 1, false));
        }
        return rows;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? "'" + s + "'" : "'" + s.substring(0, 57) + "…'";
    }
}
