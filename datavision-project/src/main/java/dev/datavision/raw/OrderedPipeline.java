package dev.datavision.raw;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Computes chunks of users in parallel and hands the results to a consumer on the calling thread
 * strictly in chunk order, with a bounded number of chunks in flight (so memory stays bounded and
 * output order never depends on scheduling).
 */
final class OrderedPipeline implements AutoCloseable {

    /** Work for the users {@code [from, to]} (inclusive), run on a pool thread. */
    @FunctionalInterface
    interface Task<T> {
        T compute(long from, long to) throws Exception;
    }

    /** Receives chunk results in order, on the calling thread. */
    @FunctionalInterface
    interface Consumer<T> {
        void accept(T result, long to) throws Exception;
    }

    private final ExecutorService pool;
    private final int maxInFlight;

    OrderedPipeline(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "datavision-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxInFlight = threads * 3;
    }

    <T> void run(long first, long last, int chunkSize, Task<T> task, Consumer<T> consumer) throws Exception {
        Deque<Future<T>> inFlight = new ArrayDeque<>();
        Deque<Long> ends = new ArrayDeque<>();
        long next = first;
        try {
            while (next <= last || !inFlight.isEmpty()) {
                while (next <= last && inFlight.size() < maxInFlight) {
                    long from = next;
                    long to = Math.min(last, from + chunkSize - 1);
                    inFlight.add(pool.submit(() -> task.compute(from, to)));
                    ends.add(to);
                    next = to + 1;
                }
                T result = await(inFlight.removeFirst());
                consumer.accept(result, ends.removeFirst());
            }
        } finally {
            for (Future<T> f : inFlight) {
                f.cancel(true);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
