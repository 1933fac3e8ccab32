package dev.kiln.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Says what is still running when a run has printed nothing for a while, so that a person (or an
 * Airflow log) watching a long model sees the run is alive and what it waits for:
 * <pre>
 *   still running (2 of 9 done): analytics.fct_events 1m05s, analytics.dim_users 42s
 * </pre>
 * A line is printed at most once per {@code interval}, only while at least one node runs and
 * nothing else was printed during the interval. The oldest four running nodes are named; the
 * rest are counted.
 */
final class Heartbeat implements AutoCloseable {

    /** How many running nodes a line names. */
    static final int NAMED = 4;

    private final long intervalNanos;
    private final Consumer<String> print;
    private final Map<String, Long> running = new LinkedHashMap<>();
    private ScheduledExecutorService timer;
    private long lastOutput = System.nanoTime();
    private int done;
    private int total;

    /**
     * @param interval how long the run may stay silent; zero or negative turns the heartbeat off
     * @param print    prints one line
     */
    Heartbeat(Duration interval, Consumer<String> print) {
        this.intervalNanos = interval.toNanos();
        this.print = print;
    }

    /** A node started (its display name, the run's size). */
    synchronized void started(String name, int total) {
        this.total = total;
        running.put(name, System.nanoTime());
        if (timer == null && intervalNanos > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kiln-heartbeat");
                t.setDaemon(true);
                return t;
            });
            long tick = Math.max(1, intervalNanos / 4);
            timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        }
    }

    /** A node finished, and its line was printed. */
    synchronized void finished(String name) {
        running.remove(name);
        done++;
        lastOutput = System.nanoTime();
    }

    /** Something else was printed: the run is not silent. */
    synchronized void printed() {
        lastOutput = System.nanoTime();
    }

    private void tick() {
        String line;
        synchronized (this) {
            long now = System.nanoTime();
            if (running.isEmpty() || now - lastOutput < intervalNanos) {
                return;
            }
            line = line(now);
            lastOutput = now;
        }
        print.accept(line);
    }

    /** The line for the nodes running at {@code now}, oldest first. */
    synchronized String line(long now) {
        List<String> names = new ArrayList<>();
        int more = 0;
        for (Map.Entry<String, Long> e : running.entrySet()) { // insertion order: oldest first
            if (names.size() < NAMED) {
                names.add(e.getKey() + " " + elapsed(Duration.ofNanos(now - e.getValue())));
            } else {
                more++;
            }
        }
        return "  still running (" + done + " of " + total + " done): " + String.join(", ", names)
                + (more > 0 ? " and " + more + " more" : "");
    }

    /** {@code 42s}, {@code 1m05s}, {@code 2h03m}. */
    static String elapsed(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }

    /** Stops the timer; no line is printed after this returns. */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            t = timer;
            timer = null;
            running.clear();
        }
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
