package dev.kiln.report;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.ReportOutcome;
import dev.kiln.spi.ReportRequest;
import dev.kiln.spi.ReportWriter;
import dev.kiln.spi.RowHandler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code format: csv}: the part's rows as RFC 4180 CSV in UTF-8, with a header line; values
 * are quoted when they hold a comma, quote or line break; dates and timestamps in ISO form;
 * nulls empty. Rows are streamed to the file one at a time.
 */
public final class CsvReportWriter implements ReportWriter {

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public ReportOutcome write(ReportRequest request) {
        ReportRequest.Part part = request.parts().get(0);
        long[] rows = {0};
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(request.file(), StandardCharsets.UTF_8), 1 << 16)) {
            request.session().stream(part.sql(), new RowHandler() {
                @Override
                public void start(List<String> columns, List<String> types) {
                    line(out, columns);
                }

                @Override
                public void row(List<Object> values) {
                    line(out, values);
                    if (++rows[0] % 100_000 == 0) {
                        request.progress().accept(rows[0] + " rows");
                    }
                }
            });
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + request.target() + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + request.target() + ": " + e.getCause().getMessage(), e);
        }
        return new ReportOutcome(rows[0], 1, "wrote " + rows[0] + " rows to " + request.target().getFileName());
    }

    private static void line(Writer out, List<?> values) {
        try {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object v = values.get(i);
                if (v != null) {
                    out.write(quote(Cells.text(v)));
                }
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
