package dev.kiln.athena;

import java.time.Duration;

/** Waits. Tests pass one that records instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    /** The real clock: {@link Thread#sleep}. */
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
