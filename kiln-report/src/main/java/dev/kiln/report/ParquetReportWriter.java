package dev.kiln.report;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.ReportOutcome;
import dev.kiln.spi.ReportRequest;
import dev.kiln.spi.ReportWriter;

/**
 * {@code format: parquet}: the part's rows written by the target itself
 * ({@link dev.kiln.spi.Dialect#exportParquet}: DuckDB's {@code COPY … TO … (FORMAT parquet)}),
 * so the rows never pass through Kiln. A target that cannot export Parquet is told so.
 */
public final class ParquetReportWriter implements ReportWriter {

    @Override
    public String format() {
        return "parquet";
    }

    @Override
    public ReportOutcome write(ReportRequest request) {
        ReportRequest.Part part = request.parts().get(0);
        String sql = request.dialect().exportParquet(part.sql(), request.file()).orElseThrow(() ->
                new KilnException(ErrorCode.EXECUTION_FAILED, "The target (" + request.dialect().name()
                        + ") cannot write Parquet files for exposure '" + request.exposure() + "'. Write format: csv or"
                        + " xlsx instead."));
        long rows = request.session().execute(sql);
        return new ReportOutcome(Math.max(rows, 0), 1, "wrote " + (rows >= 0 ? rows + " rows" : "the rows") + " to "
                + request.target().getFileName());
    }
}
