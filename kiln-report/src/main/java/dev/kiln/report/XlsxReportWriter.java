package dev.kiln.report;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.ReportOutcome;
import dev.kiln.spi.ReportRequest;
import dev.kiln.spi.ReportWriter;
import dev.kiln.spi.RowHandler;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code format: xlsx}: an Excel workbook written with POI's streaming writer (SXSSF), which
 * keeps only a window of rows in memory, so a million rows fit a small heap. The first sheet,
 * "About", says when and from what the report was built; then one sheet per part with a
 * styled, frozen header, an autofilter, cell formats from the column types, column widths from
 * the values, and the part's chart if it has one.
 */
public final class XlsxReportWriter implements ReportWriter {

    /** Rows kept in memory per sheet while writing. */
    static final int WINDOW = 200;
    /** Rows looked at to size the columns. */
    static final int SIZING_ROWS = 500;
    /** The most points a chart draws (the first rows of its sheet). */
    static final int CHART_POINTS = 10_000;
    private static final int MAX_ROWS = SpreadsheetVersion.EXCEL2007.getMaxRows() - 1;

    @Override
    public String format() {
        return "xlsx";
    }

    @Override
    public ReportOutcome write(ReportRequest request) {
        SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW);
        wb.setCompressTempFiles(true);
        try {
            Styles styles = new Styles(wb);
            about(wb, styles, request);
            long rows = 0;
            for (ReportRequest.Part part : request.parts()) {
                rows += sheet(wb, styles, part, request);
            }
            try (OutputStream out = Files.newOutputStream(request.file())) {
                wb.write(out);
            }
            return new ReportOutcome(rows, request.parts().size(), "wrote " + request.parts().size() + " sheet"
                    + (request.parts().size() == 1 ? "" : "s") + ", " + rows + " rows to " + request.target().getFileName());
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write the workbook " + request.target() + ": " + e.getMessage(), e);
        } finally {
            try {
                wb.close();
            } catch (IOException ignored) {
                // temporary files only
            }
        }
    }

    /** Cell styles, one per format, shared by every sheet (a workbook holds at most 64,000). */
    static final class Styles {
        private final SXSSFWorkbook wb;
        private final Map<String, CellStyle> byFormat = new HashMap<>();
        final CellStyle header;
        final CellStyle label;
        final CellStyle title;

        Styles(SXSSFWorkbook wb) {
            this.wb = wb;
            Font bold = wb.createFont();
            bold.setBold(true);
            header = wb.createCellStyle();
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            header.setBorderBottom(BorderStyle.THIN);
            label = wb.createCellStyle();
            label.setFont(bold);
            Font big = wb.createFont();
            big.setBold(true);
            big.setFontHeightInPoints((short) 14);
            title = wb.createCellStyle();
            title.setFont(big);
        }

        CellStyle of(String format) {
            if (format == null) {
                return null;
            }
            return byFormat.computeIfAbsent(format, f -> {
                CellStyle s = wb.createCellStyle();
                s.setDataFormat(wb.createDataFormat().getFormat(f));
                return s;
            });
        }
    }

    private static void about(SXSSFWorkbook wb, Styles styles, ReportRequest request) {
        SXSSFSheet sheet = wb.createSheet("About");
        int r = 0;
        Row first = sheet.createRow(r++);
        Cell t = first.createCell(0);
        t.setCellValue(request.about().getOrDefault("Report", request.exposure()));
        t.setCellStyle(styles.title);
        r++;
        int widest = 10;
        for (Map.Entry<String, String> e : request.about().entrySet()) {
            Row row = sheet.createRow(r++);
            Cell k = row.createCell(0);
            k.setCellValue(e.getKey());
            k.setCellStyle(styles.label);
            row.createCell(1).setCellValue(e.getValue());
            widest = Math.max(widest, e.getKey().length());
        }
        sheet.setColumnWidth(0, (widest + 2) * 256);
        sheet.setColumnWidth(1, 90 * 256);
    }

    private static long sheet(SXSSFWorkbook wb, Styles styles, ReportRequest.Part part, ReportRequest request) {
        SXSSFSheet sheet = wb.createSheet(part.name());
        SheetFiller filler = new SheetFiller(sheet, styles, part, request);
        request.session().stream(part.sql(), filler);
        filler.finish(wb);
        return filler.rows;
    }

    /** Streams one part's rows into its sheet. */
    private static final class SheetFiller implements RowHandler {
        private final SXSSFSheet sheet;
        private final Styles styles;
        private final ReportRequest.Part part;
        private final ReportRequest request;
        private List<String> columns = List.of();
        private CellStyle[] cellStyles;
        private String[] formats;
        private int[] widths;
        private long rows;
        private int xColumn = -1;
        private int[] yColumns;
        private final List<String> xs = new ArrayList<>();
        private final List<Double[]> ys = new ArrayList<>();

        SheetFiller(SXSSFSheet sheet, Styles styles, ReportRequest.Part part, ReportRequest request) {
            this.sheet = sheet;
            this.styles = styles;
            this.part = part;
            this.request = request;
        }

        @Override
        public void start(List<String> columns, List<String> types) {
            this.columns = List.copyOf(columns);
            int n = columns.size();
            cellStyles = new CellStyle[n];
            formats = new String[n];
            widths = new int[n];
            Row header = sheet.createRow(0);
            for (int i = 0; i < n; i++) {
                formats[i] = ColumnFormat.of(columns.get(i), i < types.size() ? types.get(i) : null, part.formats());
                cellStyles[i] = styles.of(formats[i]);
                Cell c = header.createCell(i);
                c.setCellValue(columns.get(i));
                c.setCellStyle(styles.header);
                widths[i] = columns.get(i).length() + 3; // room for the filter button
            }
            if (part.chart() != null) {
                xColumn = columnIndex(part.chart().x());
                yColumns = part.chart().y().stream().mapToInt(this::columnIndex).toArray();
            }
        }

        private int columnIndex(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                i = columns.stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList()
                        .indexOf(name.toLowerCase(java.util.Locale.ROOT));
            }
            if (i < 0) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "The chart of sheet '" + part.name() + "' draws column '"
                        + name + "', which model " + part.model() + " does not have (it has " + String.join(", ", columns)
                        + "). Fix chart.x / chart.y in the exposure.");
            }
            return i;
        }

        @Override
        public void row(List<Object> values) {
            if (rows >= MAX_ROWS) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Sheet '" + part.name() + "' would have more than "
                        + MAX_ROWS + " rows, Excel's limit. Add 'limit:' or 'where:' to the sheet, or write format: csv.");
            }
            Row row = sheet.createRow((int) ++rows);
            for (int i = 0; i < values.size() && i < cellStyles.length; i++) {
                Object v = values.get(i);
                if (v == null) {
                    continue;
                }
                Cell c = row.createCell(i);
                Cells.set(c, v);
                if (cellStyles[i] != null) {
                    c.setCellStyle(cellStyles[i]);
                }
                if (rows <= SIZING_ROWS) {
                    widths[i] = Math.max(widths[i], Cells.width(v, formats[i]) + 2);
                }
            }
            if (xColumn >= 0 && rows <= CHART_POINTS) {
                xs.add(Cells.text(values.get(xColumn)));
                Double[] y = new Double[yColumns.length];
                for (int k = 0; k < yColumns.length; k++) {
                    y[k] = values.get(yColumns[k]) instanceof Number num ? num.doubleValue() : null;
                }
                ys.add(y);
            }
            if (rows % 100_000 == 0) {
                request.progress().accept("sheet " + part.name() + ": " + rows + " rows");
            }
        }

        void finish(SXSSFWorkbook wb) {
            if (cellStyles == null) {
                start(List.of(), List.of());
            }
            int n = columns.size();
            for (int i = 0; i < n; i++) {
                sheet.setColumnWidth(i, Math.min(60, Math.max(8, widths[i])) * 256);
            }
            sheet.createFreezePane(0, 1);
            if (n > 0) {
                sheet.setAutoFilter(new CellRangeAddress(0, (int) Math.max(rows, 1), 0, n - 1));
            }
            if (part.chart() != null && !xs.isEmpty()) {
                Charts.draw(wb.getXSSFWorkbook().getSheet(part.name()), part, columns, xColumn, yColumns, xs, ys);
            }
        }
    }
}
