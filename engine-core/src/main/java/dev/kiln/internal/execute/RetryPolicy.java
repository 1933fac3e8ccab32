package dev.kiln.internal.execute;

import dev.kiln.CompiledNode;
import dev.kiln.KilnException;
import dev.kiln.ErrorCode;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How often a node is run again after a transient failure, and how long to wait between
 * attempts: config {@code retries} (default 0) and {@code retry_delay} (seconds before the first
 * retry, default 1; doubled before each further one, at most 5 minutes). Only failures the
 * adapter calls transient ({@link dev.kiln.spi.Adapter#isTransient}) are retried.
 *
 * @param retries    how many retries at most
 * @param firstDelay the wait before the first retry
 */
record RetryPolicy(int retries, Duration firstDelay) {

    static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO);
    private static final Duration MAX_DELAY = Duration.ofMinutes(5);

    /** The policy of a node's config. */
    static RetryPolicy of(CompiledNode node) {
        Object r = node.config().get("retries").orElse(null);
        if (r == null) {
            return NONE;
        }
        int retries = wholeNumber(node, r);
        double seconds = node.config().get("retry_delay").map(v -> seconds(node, v)).orElse(1.0);
        return new RetryPolicy(retries, Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** The wait before retry number {@code n} (1-based). */
    Duration delayBefore(int n) {
        Duration d = firstDelay;
        for (int i = 1; i < n && d.compareTo(MAX_DELAY) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : d;
    }

    /** Waits {@code delay}, waking early when {@code stop} turns true. */
    static void sleep(Duration delay, BooleanSupplier stop) {
        long end = System.nanoTime() + delay.toNanos();
        try {
            while (!stop.getAsBoolean()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int wholeNumber(CompiledNode node, Object v) {
        String s = String.valueOf(v).strip();
        if (s.matches("[0-9]{1,3}")) {
            return Integer.parseInt(s);
        }
        throw new KilnException(ErrorCode.EXECUTION_FAILED, node.node().origin().path() + ": config retries of '"
                + node.name() + "' must be a whole number from 0 to 999, not '" + s + "'.");
    }

    private static double seconds(CompiledNode node, Object v) {
        String s = String.valueOf(v).strip();
        if (s.matches("[0-9]{1,6}(\\.[0-9]+)?")) {
            return Double.parseDouble(s);
        }
        throw new KilnException(ErrorCode.EXECUTION_FAILED, node.node().origin().path() + ": config retry_delay of '"
                + node.name() + "' must be a number of seconds (e.g. 1 or 0.5), not '" + s + "'.");
    }
}
