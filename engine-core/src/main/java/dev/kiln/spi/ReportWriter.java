package dev.kiln.spi;

/**
 * Writes the file of a {@code report:} exposure in one format ({@code xlsx}, {@code csv},
 * {@code parquet}), found with {@link java.util.ServiceLoader} by the block's {@code format}
 * (register it in {@code META-INF/services/dev.kiln.spi.ReportWriter}). Kiln checks the
 * block when the project is loaded, builds one query per part, hands the writer a temporary
 * file next to the destination and moves it into place only when the writer returns, so a
 * failed report never replaces a good one.
 */
public interface ReportWriter {

    /** The {@code format:} value it writes ({@code xlsx}). */
    String format();

    /**
     * Reads each part with {@link Session#stream} (rows one at a time: a million rows must not
     * be held in memory) and writes {@link ReportRequest#file()}. A problem is a
     * {@link dev.kiln.KilnException} that says what to do.
     */
    ReportOutcome write(ReportRequest request);
}
