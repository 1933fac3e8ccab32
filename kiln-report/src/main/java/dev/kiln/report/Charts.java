package dev.kiln.report;

import dev.kiln.spi.ReportRequest;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

import java.util.List;

/**
 * Draws a part's line or bar chart beside its data. The series refer to the sheet's cells (so
 * the chart follows edits in Excel) and carry the values too: the streaming writer has already
 * flushed the rows, so the values the chart caches come from the rows seen while writing.
 */
final class Charts {

    private Charts() {
    }

    static void draw(XSSFSheet sheet, ReportRequest.Part part, List<String> columns, int x, int[] ys,
                     List<String> xs, List<Double[]> values) {
        int n = xs.size();
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        int col = columns.size() + 1;
        XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, col, 1, col + 12, 24);
        XSSFChart chart = drawing.createChart(anchor);
        chart.setTitleText(part.chart().title());
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle(columns.get(x));
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        boolean bar = "bar".equals(part.chart().type());
        XDDFChartData data = chart.createData(bar ? ChartTypes.BAR : ChartTypes.LINE, bottom, left);
        String sheetName = "'" + sheet.getSheetName().replace("'", "''") + "'";
        XDDFCategoryDataSource categories = XDDFDataSourcesFactory.fromArray(xs.toArray(new String[0]),
                sheetName + "!" + range(x, n), x);
        for (int k = 0; k < ys.length; k++) {
            Double[] series = new Double[n];
            for (int i = 0; i < n; i++) {
                series[i] = values.get(i)[k];
            }
            XDDFNumericalDataSource<Double> numbers = XDDFDataSourcesFactory.fromArray(series,
                    sheetName + "!" + range(ys[k], n), ys[k]);
            XDDFChartData.Series s = data.addSeries(categories, numbers);
            s.setTitle(columns.get(ys[k]), new CellReference(sheet.getSheetName(), 0, ys[k], true, true));
        }
        if (bar) {
            ((XDDFBarChartData) data).setBarDirection(BarDirection.COL);
        }
        chart.plot(data);
    }

    private static String range(int column, int rows) {
        return new CellRangeAddress(1, rows, column, column).formatAsString(null, true);
    }
}
