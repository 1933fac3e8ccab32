package dev.kiln.internal.analyze;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs work over index ranges on a fixed number of threads (on the caller's thread for one). */
final class Parallel implements AutoCloseable {

    private final ForkJoinPool pool;

    /**
     * Worker threads carry the creating thread's context class loader, so that a class loader
     * lookup made from a worker (a syntax checker starting a JDBC driver, found by
     * {@code ServiceLoader}) sees what the caller sees: inside a Maven plugin, the plugin's realm,
     * not the system class loader a pool's threads have by default.
     */
    Parallel(int threads) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.pool = threads > 1 ? new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setContextClassLoader(loader);
            return t;
        }, null, false) : null;
    }

    /** Calls {@code work} for each index in {@code [0, n)}, returning when all are done. */
    void forEach(int n, IntConsumer work) {
        if (pool == null || n < 2) {
            for (int i = 0; i < n; i++) {
                work.accept(i);
            }
            return;
        }
        try {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(work)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while analysing SQL", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
