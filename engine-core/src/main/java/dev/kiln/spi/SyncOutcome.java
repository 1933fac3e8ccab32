package dev.kiln.spi;

/**
 * What one sync did.
 *
 * @param records   rows read from the model
 * @param created   records the destination did not have, sent (or, in a dry run, to send)
 * @param updated   records whose mapped values changed, sent (or to send)
 * @param unchanged records not sent because nothing changed since the last sync
 * @param rejected  records the destination refused (listed in a file under the work folder)
 * @param message   a one-line summary for the run's progress line
 */
public record SyncOutcome(long records, long created, long updated, long unchanged, long rejected, String message) {
}
