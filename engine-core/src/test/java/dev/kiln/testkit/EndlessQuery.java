package dev.kiln.testkit;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A DuckDB query that runs until it is cancelled, started on another thread, for the tests of cancelling. */
public final class EndlessQuery {

    /** Counts a hundred billion rows: far longer than any test waits. */
    public static final String SQL = "select count(*) from range(100000000000) a";

    private EndlessQuery() {
    }

    /**
     * Runs {@link #SQL} through {@code query} on a pool thread.
     *
     * @return what it threw, or {@code null} if it ended
     */
    public static CompletableFuture<Throwable> start(Consumer<String> query) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                query.accept(SQL);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }
}
