package dev.kiln.athena;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Jittered exponential backoff ("full jitter"): the wait before retry {@code n} (0-based) is a
 * random duration between zero and {@code min(max, base * 2^n)}.
 *
 * @param base    the ceiling of the first wait
 * @param max     the largest ceiling
 * @param retries how many retries are allowed after the first attempt
 * @param random  uniform numbers in {@code [0, 1)}
 */
public record Backoff(Duration base, Duration max, int retries, DoubleSupplier random) {

    /** The backoff for AWS calls: 0.5 s doubling up to 20 s, with {@code retries} retries. */
    public static Backoff standard(int retries) {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20), retries, Math::random);
    }

    /** The ceiling of the wait before retry {@code n}. */
    public Duration ceiling(int n) {
        long cap = max.toMillis();
        long ms = base.toMillis() << Math.min(n, 30);
        return Duration.ofMillis(ms <= 0 || ms > cap ? cap : ms);
    }

    /** The wait before retry {@code n}: a random share of its ceiling. */
    public Duration delay(int n) {
        return Duration.ofMillis((long) (ceiling(n).toMillis() * random.getAsDouble()));
    }
}
