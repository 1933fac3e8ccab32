package dev.kiln.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The client-side request budget: at most {@code requests} requests in any window of
 * {@code interval}. A request counts while it is in flight and, once answered, from the moment
 * its answer arrived (never earlier than HubSpot counted it), so that a sender keeping to the
 * budget never exceeds HubSpot's rolling window, however long requests take in flight and
 * however many are in flight at once. Thread-safe.
 */
final class RateBudget {

    /** A margin added to each window, against timer granularity. */
    private static final long MARGIN_NANOS = Duration.ofMillis(25).toNanos();

    private final int requests;
    private final long windowNanos;
    private final ArrayDeque<Long> completed = new ArrayDeque<>();
    private int inFlight;
    private long blockedUntil = System.nanoTime();

    RateBudget(int requests, Duration interval) {
        this.requests = requests;
        this.windowNanos = interval.toNanos();
    }

    /** Blocks until one more request fits in the budget, and counts it as in flight. */
    synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long wait;
            if (blockedUntil - now > 0) {
                wait = blockedUntil - now;
            } else {
                while (!completed.isEmpty() && now - completed.peekFirst() >= windowNanos + MARGIN_NANOS) {
                    completed.pollFirst();
                }
                if (completed.size() + inFlight < requests) {
                    inFlight++;
                    return;
                }
                wait = completed.isEmpty() ? windowNanos : completed.peekFirst() + windowNanos + MARGIN_NANOS - now;
            }
            wait(Math.max(1, wait / 1_000_000));
        }
    }

    /** Records that the answer of a request counted by {@link #acquire} has arrived (or that it failed). */
    synchronized void completed() {
        inFlight--;
        completed.addLast(System.nanoTime());
        notifyAll();
    }

    /** Sends nothing for {@code pause} (HubSpot asked for it with a 429). */
    synchronized void pause(Duration pause) {
        long until = System.nanoTime() + pause.toNanos();
        if (until - blockedUntil > 0) {
            blockedUntil = until;
        }
    }

    /** The window length. */
    Duration interval() {
        return Duration.ofNanos(windowNanos);
    }
}
