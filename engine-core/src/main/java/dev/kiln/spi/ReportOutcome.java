package dev.kiln.spi;

/**
 * What writing a report did.
 *
 * @param rows    data rows written, over every part
 * @param parts   sheets (or files) written
 * @param message a one-line summary for the run's progress line
 */
public record ReportOutcome(long rows, int parts, String message) {
}
