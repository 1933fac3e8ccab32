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

    /** Closes every connection. */
    @Override
    void close();
}
