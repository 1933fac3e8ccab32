package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The private in-memory DuckDB that every {@link DuckDbSyntaxChecker} of this JVM parses with, and its pool of
 * connections (one per thread that checks at once). Opened on the first connection asked for; closed
 * {@link #LINGER} after the last checker using it is closed, so that a long-lived process that compiles again
 * and again (the compiler daemon: one compile per edit) opens and closes DuckDB once, not on every compile
 * (some 40 ms each way). A checker opened meanwhile keeps it.
 */
final class SharedParser {

    /** How long the database stays open after its last user closed. */
    static final Duration LINGER = Duration.ofSeconds(30);

    /** A connection with its prepared statements; used by one thread at a time. */
    record Checker(DuckDBConnection connection, PreparedStatement statement, PreparedStatement batch,
                   SharedParser parser) {
    }

    private static final Object LOCK = new Object();
    private static SharedParser current;

    private final Duration linger;
    private final ConcurrentLinkedQueue<Checker> idle = new ConcurrentLinkedQueue<>();
    private final List<Checker> all = new ArrayList<>();
    private DuckDBConnection root;
    private int users;
    private boolean closed;
    /** When the last user released it ({@link System#nanoTime()}). */
    private long released;
    /** Whether a thread waits to close it. */
    private boolean lingering;

    /** A parser of its own, with no user yet, closed {@code linger} after its last user's {@link #release}. */
    SharedParser(Duration linger) {
        this.linger = linger;
    }

    /** The parser of this JVM, with one more user (who must {@link #release} it once). */
    static SharedParser acquire() {
        return acquire(LINGER);
    }

    private static SharedParser acquire(Duration linger) {
        synchronized (LOCK) {
            if (current == null || current.closed) {
                current = new SharedParser(linger);
            }
            return current.retain();
        }
    }

    /** One more user (who must {@link #release} it once); {@code this}. */
    SharedParser retain() {
        synchronized (LOCK) {
            if (closed) {
                throw new IllegalStateException("the SQL parser was closed");
            }
            users++;
            return this;
        }
    }

    /** One user fewer; the last one's release closes the database {@link #LINGER} later, unless used again. */
    void release() {
        synchronized (LOCK) {
            if (--users > 0) {
                return;
            }
            released = System.nanoTime();
            if (linger.isZero()) {
                closeNow();
                return;
            }
            if (lingering) {
                return; // the thread already waiting sees the new time
            }
            lingering = true;
            Thread t = new Thread(this::closeWhenIdle, "kiln-duckdb-parser-linger");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Closes the database once no user has come back for {@link #linger} since the last release. */
    private void closeWhenIdle() {
        while (true) {
            long wait;
            synchronized (LOCK) {
                if (closed) {
                    lingering = false;
                    return;
                }
                // in use again: look again a linger later (one thread per parser, however often it is released)
                wait = users > 0 ? linger.toNanos() : linger.toNanos() - (System.nanoTime() - released);
                if (wait <= 0) {
                    closeNow();
                    lingering = false;
                    return;
                }
            }
            try {
                Thread.sleep(Math.max(1, wait / 1_000_000));
            } catch (InterruptedException e) {
                synchronized (LOCK) {
                    lingering = false;
                }
                return;
            }
        }
    }

    /** Whether the database was closed (its last user gone for {@link #LINGER}). */
    boolean isClosed() {
        synchronized (LOCK) {
            return closed;
        }
    }

    /** An idle connection, or a new one (opening DuckDB first if needed). */
    Checker borrow(String check, String checkAll) {
        Checker c = idle.poll();
        if (c != null) {
            return c;
        }
        synchronized (LOCK) {
            if (closed) {
                throw new IllegalStateException("the SQL parser was closed");
            }
            try {
                if (root == null) {
                    // the driver itself, not DriverManager: called from a worker thread, whose context
                    // class loader DriverManager would use once, for good, to find drivers
                    root = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
                }
                DuckDBConnection d = (DuckDBConnection) root.duplicate();
                Checker created = new Checker(d, d.prepareStatement(check), d.prepareStatement(checkAll), this);
                all.add(created);
                return created;
            } catch (SQLException e) {
                throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "Cannot open a DuckDB connection to check SQL: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Puts {@code c} back for the next check, unless the database was closed meanwhile. */
    void giveBack(Checker c) {
        synchronized (LOCK) {
            if (!closed && all.contains(c)) {
                idle.add(c);
            }
        }
    }

    private void closeNow() {
        closed = true;
        for (Checker c : all) {
            try {
                c.statement().close();
                c.batch().close();
                c.connection().close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        all.clear();
        idle.clear();
        try {
            if (root != null) {
                root.close();
                root = null;
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
