package dev.kiln.serve;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One complete copy of the served models. Requests hold it (see {@link Replica#lease()})
 * while they read; a superseded version is dropped once no request holds it.
 */
public final class ReplicaVersion {

    private final long number;
    private final String etag;
    private final Instant loadedAt;
    private final Duration loadTime;
    private final Map<String, ReplicaTable> tables;
    private final AtomicInteger holders = new AtomicInteger(1);

    ReplicaVersion(long number, String etag, Instant loadedAt, Duration loadTime, Map<String, ReplicaTable> tables) {
        this.number = number;
        this.etag = etag;
        this.loadedAt = loadedAt;
        this.loadTime = loadTime;
        this.tables = Map.copyOf(tables);
    }

    /** 1 for the first copy, then 2, 3, … */
    public long number() {
        return number;
    }

    /** The entity tag of every response built from this version (quoted, as HTTP writes it). */
    public String etag() {
        return etag;
    }

    /** When the copy became the one served. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** How long the copy took. */
    public Duration loadTime() {
        return loadTime;
    }

    /** The copied models by name. */
    public Map<String, ReplicaTable> tables() {
        return tables;
    }

    /** The copy of {@code model}. */
    public ReplicaTable table(String model) {
        return tables.get(model);
    }

    boolean retain() {
        while (true) {
            int n = holders.get();
            if (n == 0) {
                return false;
            }
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Releases one hold; true when it was the last (the version may then be dropped). */
    boolean release() {
        return holders.decrementAndGet() == 0;
    }
}
