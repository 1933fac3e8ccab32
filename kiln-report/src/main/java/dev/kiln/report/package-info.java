/**
 * Report exposures ({@code report:} in an {@code exposures:} entry): Excel workbooks with POI's
 * streaming writer ({@link dev.kiln.report.XlsxReportWriter}), CSV ({@link dev.kiln.report.CsvReportWriter})
 * and Parquet exports ({@link dev.kiln.report.ParquetReportWriter}), found by Kiln through the
 * {@link dev.kiln.spi.ReportWriter} SPI. See {@code docs/exposures.md}.
 */
package dev.kiln.report;
