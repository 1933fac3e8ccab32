package dev.kiln.spi;

/**
 * What one load did.
 *
 * @param rows    rows committed to the table (child tables not counted)
 * @param bytes   bytes read from the source (approximate for JDBC)
 * @param skipped bad records skipped ({@code on_bad_record: skip}) and rows dropped by
 *                {@code schema_contract: discard_row}
 * @param message a one-line summary for people
 */
public record LoadOutcome(long rows, long bytes, long skipped, String message) {
}
