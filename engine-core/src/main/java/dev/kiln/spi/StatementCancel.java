package dev.kiln.spi;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

/**
 * Cancels a running JDBC statement from another thread ({@link Session#cancel()}), also when the cancel comes
 * just before the driver started it: DuckDB's and Trino's drivers stop only what is running, so a statement
 * cancelled a moment too early would run on. While the statement is still the session's running one, it is
 * cancelled again every {@value #RETRY_MS} ms, for at most a minute, on a thread of its own.
 */
public final class StatementCancel {

    /** How often, and how many times at most, a cancel is asked again while the statement runs on. */
    static final int RETRY_MS = 100;
    private static final int ATTEMPTS = 600;

    private StatementCancel() {
    }

    /**
     * Cancels {@code st}, and again while {@code running} still answers {@code st}.
     *
     * @param st      the statement to stop (nothing is done when {@code null})
     * @param running the session's running statement now ({@code null} between statements)
     */
    public static void cancel(Statement st, Supplier<Statement> running) {
        if (st == null || once(st, running)) {
            return;
        }
        Thread again = new Thread(() -> {
            for (int i = 0; i < ATTEMPTS && running.get() == st; i++) {
                try {
                    Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (running.get() == st) {
                    once(st, running);
                }
            }
        }, "kiln-cancel");
        again.setDaemon(true);
        again.start();
    }

    /** Cancels {@code st}; whether it has ended since (then nothing is left to cancel). */
    private static boolean once(Statement st, Supplier<Statement> running) {
        try {
            st.cancel();
        } catch (SQLException ignored) {
            // the statement may have finished meanwhile
        }
        return running.get() != st;
    }
}
