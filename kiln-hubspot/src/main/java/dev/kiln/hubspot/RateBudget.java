package dev.kiln.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The client-side request budget: at most {@code requests} requests in any window of
 * {@code interval}. A request is counted from the moment its response arrived (never earlier
 * than HubSpot counted it), so that a sender that keeps to the budget never exceeds HubSpot's
 * rolling window, however long each request took in flight.
 */
final class RateBudget {

    /** A margin added to each window, against timer granularity. */
    private static final long MARGIN_NANOS = Duration.ofMillis(25).toNanos();

    private final int requests;
    private final long windowNanos;
    private final ArrayDeque<Long> completed = new ArrayDeque<>();
    private long blockedUntil;

    RateBudget(int requests, Duration interval) {
        this.requests = requests;
        this.windowNanos = interval.toNanos();
    }

    /** Blocks until one more request fits in the budget. */
    void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long wait = 0;
            if (blockedUntil - now > 0) {
                wait = blockedUntil - now;
            } else {
                while (!completed.isEmpty() && now - completed.peekFirst() >= windowNanos + MARGIN_NANOS) {
                    completed.pollFirst();
                }
                if (completed.size() < requests) {
                    return;
                }
                wait = completed.peekFirst() + windowNanos + MARGIN_NANOS - now;
            }
            Thread.sleep(Math.max(1, wait / 1_000_000), (int) Math.max(0, wait % 1_000_000));
        }
    }

    /** Records that a request's response has arrived. */
    void completed() {
        completed.addLast(System.nanoTime());
        while (completed.size() > requests) {
            completed.pollFirst();
        }
    }

    /** Sends nothing for {@code pause} (HubSpot asked for it with a 429). */
    void pause(Duration pause) {
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
