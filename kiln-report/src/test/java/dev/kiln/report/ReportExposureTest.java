package dev.kiln.report;

import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Report exposures written on a real DuckDB and read back with POI (and as text). */
class ReportExposureTest {

    @TempDir
    Path dir;

    private TempProject project(String exposures) {
        return TempProject.create(dir, "shop", "duckdb")
                .file("kiln.yml", """
                        name: shop
                        models:
                          +materialized: table
                        targets:
                          dev: {type: duckdb, path: target/shop.duckdb, threads: 2}
                        """)
                .file("models/kpi_daily.sql", """
                        select cast(d as date) as day,
                               cast(100 + extract(day from d) * 10.5 as decimal(12,2)) as mrr,
                               cast(extract(day from d) as integer) as active_users,
                               cast(extract(day from d) / 100.0 as double) as churn_rate,
                               'note, "quoted"' as note
                        from range(date '2026-11-01', date '2026-12-01', interval 1 day) t(d)
                        """)
                .file("models/segments.sql", "select * from (values ('champions', 12), ('at_risk', 3)) s(rfm_segment, users)\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: segments
                            columns:
                              - name: users
                                data_tests: [not_null]
                        """)
                .file("models/exposures.yml", exposures);
    }

    private static final String MONTHLY = """
            version: 2
            exposures:
              - name: monthly_kpis
                label: Monthly KPIs
                type: dashboard
                owner: {name: Finance, email: fin@example.com}
                description: KPIs of the month.
                depends_on: ["ref('kpi_daily')", "ref('segments')"]
                report:
                  path: reports/monthly_kpis.xlsx
                  sheets:
                    - {name: KPIs, model: kpi_daily, where: "day >= date '2026-11-10'", order_by: day desc, limit: 15,
                       chart: {type: line, x: day, y: [mrr, active_users]}}
                    - {name: Segments, model: segments, order_by: users desc, chart: {type: bar, x: rfm_segment, y: users}}
              - name: kpis_csv
                type: analysis
                report: {path: exports/kpis.csv, model: kpi_daily, order_by: day, limit: 3}
              - name: kpis_parquet
                type: analysis
                report: {path: exports/kpis.parquet, model: kpi_daily}
            """;

    private List<List<Object>> db(Path root, String sql) throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + root.resolve("target/shop.duckdb"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void workbookMatchesTheDatabase() throws Exception {
        TempProject p = project(MONTHLY);
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            RunResults r = kiln.build(Selection.ALL);
            assertThat(r.success()).as(r.results().toString()).isTrue();
            NodeResult monthly = r.results().stream().filter(x -> x.uniqueId().equals("exposure.shop.monthly_kpis"))
                    .findFirst().orElseThrow();
            assertThat(monthly.status()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(monthly.rowsAffected()).isEqualTo(17);
            assertThat(monthly.response()).containsEntry("path", "reports/monthly_kpis.xlsx").containsEntry("parts", 2);
        }
        Path file = p.root().resolve("reports/monthly_kpis.xlsx");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactly("monthly_kpis.xlsx");
        }
        List<List<Object>> expected = db(p.root(), "select * from main.kpi_daily where day >= date '2026-11-10' "
                + "order by day desc limit 15");
        try (XSSFWorkbook wb = new XSSFWorkbook(file.toFile())) {
            assertThat(wb.getSheetName(0)).isEqualTo("About");
            assertThat(wb.getSheetName(1)).isEqualTo("KPIs");
            assertThat(wb.getSheetName(2)).isEqualTo("Segments");
            XSSFSheet about = wb.getSheet("About");
            assertThat(about.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Monthly KPIs");
            List<String> aboutText = new ArrayList<>();
            about.forEach(row -> aboutText.add(row.getCell(0) + "=" + (row.getCell(1) == null ? "" : row.getCell(1))));
            assertThat(aboutText).anySatisfy(l -> assertThat(l).startsWith("Built at=20"));
            assertThat(aboutText).contains("Exposure=monthly_kpis (models/exposures.yml)", "Target=dev",
                    "Sheet KPIs=model kpi_daily (\"main\".\"kpi_daily\")", "Owner=Finance <fin@example.com>");

            XSSFSheet kpis = wb.getSheet("KPIs");
            Row header = kpis.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("day");
            assertThat(wb.getFontAt(header.getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(kpis.getPaneInformation().isFreezePane()).isTrue();
            assertThat(kpis.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 1);
            assertThat(kpis.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:E16");
            assertThat(kpis.getLastRowNum()).isEqualTo(15);
            for (int i = 0; i < expected.size(); i++) {
                Row row = kpis.getRow(i + 1);
                List<Object> want = expected.get(i);
                Cell day = row.getCell(0);
                assertThat(DateUtil.isCellDateFormatted(day)).isTrue();
                assertThat(day.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(((java.time.LocalDate) want.get(0)));
                assertThat(row.getCell(1).getNumericCellValue()).isEqualTo(((java.math.BigDecimal) want.get(1)).doubleValue());
                assertThat(row.getCell(1).getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
                assertThat(row.getCell(2).getNumericCellValue()).isEqualTo(((Number) want.get(2)).doubleValue());
                assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(((Number) want.get(3)).doubleValue());
                assertThat(row.getCell(3).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
                assertThat(row.getCell(4).getCellType()).isEqualTo(CellType.STRING);
                assertThat(row.getCell(4).getStringCellValue()).isEqualTo(want.get(4));
            }
            assertThat(kpis.getColumnWidth(4)).isGreaterThan(kpis.getColumnWidth(2));
            List<XSSFChart> charts = kpis.getDrawingPatriarch().getCharts();
            assertThat(charts).hasSize(1);
            assertThat(charts.get(0).getCTChart().getPlotArea().getLineChartList()).hasSize(1);
            assertThat(charts.get(0).getCTChart().getPlotArea().getLineChartArray(0).getSerList()).hasSize(2);
            assertThat(charts.get(0).getCTChart().getPlotArea().getLineChartArray(0).getSerArray(0).getVal()
                    .getNumRef().getF()).isEqualTo("'KPIs'!$B$2:$B$16");

            XSSFSheet segments = wb.getSheet("Segments");
            assertThat(segments.getRow(1).getCell(0).getStringCellValue()).isEqualTo("champions");
            assertThat(segments.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(3.0);
            assertThat(segments.getDrawingPatriarch().getCharts().get(0).getCTChart().getPlotArea().getBarChartList()).hasSize(1);
        }
        assertThat(Files.readAllLines(p.root().resolve("exports/kpis.csv"))).containsExactly(
                "day,mrr,active_users,churn_rate,note",
                "2026-11-01,110.50,1,0.01,\"note, \"\"quoted\"\"\"",
                "2026-11-02,121.00,2,0.02,\"note, \"\"quoted\"\"\"",
                "2026-11-03,131.50,3,0.03,\"note, \"\"quoted\"\"\"");
        assertThat(db(p.root(), "select count(*), sum(active_users) from read_parquet('"
                + p.root().resolve("exports/kpis.parquet") + "')").get(0).toString()).isEqualTo("[30, 465]");
    }

    @Test
    void aFailedReportLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        TempProject p = project(MONTHLY);
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            assertThat(kiln.build(Selection.ALL).success()).isTrue();
        }
        Path file = p.root().resolve("reports/monthly_kpis.xlsx");
        byte[] before = Files.readAllBytes(file);
        p.file("models/exposures.yml", MONTHLY.replace("y: [mrr, active_users]", "y: [mrr, no_such_column]"));
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            RunResults r = kiln.report(Selection.parse("exposure:monthly_kpis"));
            NodeResult monthly = r.results().stream().filter(x -> x.uniqueId().equals("exposure.shop.monthly_kpis"))
                    .findFirst().orElseThrow();
            assertThat(monthly.status()).isEqualTo(NodeStatus.ERROR);
            assertThat(monthly.message()).contains("draws column 'no_such_column'", "kpi_daily");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactly("monthly_kpis.xlsx");
        }
    }

    @Test
    void aFailingTestSkipsTheReport() {
        TempProject p = project(MONTHLY).file("models/segments.sql",
                "select * from (values ('champions', 12), ('at_risk', null)) s(rfm_segment, users)\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            kiln.build(Selection.parse("kpi_daily", "segments"));
            RunResults r = kiln.report(Selection.parse("exposure:monthly_kpis"));
            NodeResult monthly = r.results().stream().filter(x -> x.uniqueId().equals("exposure.shop.monthly_kpis"))
                    .findFirst().orElseThrow();
            assertThat(monthly.status()).isEqualTo(NodeStatus.SKIPPED);
            assertThat(monthly.message()).contains("not_null_segments_users");
        }
        assertThat(p.root().resolve("reports/monthly_kpis.xlsx")).doesNotExist();
    }

    @Test
    void reportBlocksAreCheckedWhenTheProjectLoads() {
        TempProject p = project("""
                version: 2
                exposures:
                  - name: r
                    type: dashboard
                    report:
                      path: out.xlsx
                      sheets:
                        - {name: "a/b", model: kpi_daily, chart: {type: pie, x: day}}
                        - {name: S, model: nope, colour: red}
                  - name: c
                    type: dashboard
                    report: {path: out.csv, sheets: [{model: kpi_daily}, {name: x, model: segments}]}
                """);
        KilnException e = catchThrowableOfType(() -> Kiln.configure().projectDir(p.root()).load().close(), KilnException.class);
        List<String> lines = e.diagnostics().stream().map(d -> d.format().lines().findFirst().orElseThrow()).toList();
        assertThat(lines).contains(
                "models/exposures.yml:8:12: error: Sheet name 'a/b' is not allowed in Excel.",
                "models/exposures.yml:8:51: error: Chart type 'pie' is not supported.",
                "models/exposures.yml:8:43: error: The chart has no 'y:' (the columns to draw).",
                "models/exposures.yml:9:21: error: Exposure 'r' reads model 'nope' (report.sheets[1].model), which does not exist.",
                "models/exposures.yml:9:34: error: Unknown key 'colour' in a sheet of exposure 'r'.",
                "models/exposures.yml:12:29: error: The report: block of exposure 'c' writes csv, which holds one table, "
                        + "but lists 2 sheets.");
    }
}
