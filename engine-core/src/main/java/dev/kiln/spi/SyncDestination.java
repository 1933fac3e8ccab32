package dev.kiln.spi;

import java.util.Set;

/**
 * A system that {@code sync:} exposures send rows to (reverse ETL), found with
 * {@link java.util.ServiceLoader} by the block's {@code to:} (register it in
 * {@code META-INF/services/dev.kiln.spi.SyncDestination}). A new destination (a CRM, a
 * webhook) is a new module implementing this interface, with no change to Kiln's core.
 */
public interface SyncDestination {

    /** The {@code to:} value it serves ({@code hubspot}). */
    String name();

    /**
     * The keys its {@code sync:} block may hold besides {@code to} and {@code model}; any other
     * key is reported when the project is loaded, at its file and line.
     */
    Set<String> keys();

    /**
     * Sends the rows of {@code request.model()} that changed since the last sync (or, with
     * {@code dryRun}, only works out and writes what would be sent). A problem that stops the
     * whole sync (bad credentials, a daily quota) is a {@link dev.kiln.KilnException} whose
     * message says what to do and never contains a credential; records the destination
     * refused are counted in the outcome and the rest are still sent.
     */
    SyncOutcome sync(SyncRequest request);
}
