package dev.kiln.spi;

/**
 * A connection to one warehouse for the duration of a command. Thread-safe: every worker
 * thread asks for its own {@link Session}.
 */
public interface Adapter extends AutoCloseable {

    /** The warehouse's SQL dialect. */
    Dialect dialect();

    /** A new session for one worker thread; the caller closes it. */
    Session openSession();

    /** How models, seeds and snapshots are built on this warehouse. */
    Materializer materializer();

    /**
     * Where {@code kiln load} lands rows on this warehouse: a sink for one load on
     * {@code session}, or empty when the adapter cannot take loads (the default).
     */
    default java.util.Optional<LoadSink> loadSink(Session session, LoadTarget target) {
        return java.util.Optional.empty();
    }

    /**
     * Whether a failure is transient: the same statement would likely succeed if run again a
     * little later (throttling, a dropped connection, a service briefly unavailable). Only
     * transient failures are retried, and only for nodes configured with {@code retries}; a
     * permanent failure (bad SQL, a missing table, a type error) must answer false. The default
     * says no failure is transient.
     *
     * @param failure what the node's build threw, with its causes
     */
    default boolean isTransient(Throwable failure) {
        return false;
    }

    /**
     * The warehouse's own name and version (e.g. {@code DuckDB v1.1.3}), asked on
     * {@code session}, for {@code kiln debug}; empty (the default) when the adapter cannot tell.
     *
     * @param session an open session of this adapter
     */
    default java.util.Optional<String> version(Session session) {
        return java.util.Optional.empty();
    }

    /** Closes every connection. */
    @Override
    void close();
}
