package dev.kiln.internal.report;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * File work spread over a few threads: many small files are written or deleted in chunks of
 * neighbouring paths, so threads rarely contend for the same folder.
 */
final class ParallelFiles {

    /** Items per chunk a thread takes at a time. */
    private static final int CHUNK = 128;

    /** One piece of file work. */
    @FunctionalInterface
    interface Action<T> {
        /** Does the work for {@code item}. */
        void run(T item) throws IOException;
    }

    private ParallelFiles() {
    }

    /**
     * Runs {@code action} for every item, on up to {@link #workers()} threads; the first failure
     * is rethrown after every thread stopped.
     */
    static <T> void forEach(List<T> items, Action<T> action) throws IOException {
        int threads = Math.min(workers(), items.size() / CHUNK);
        if (threads <= 1) {
            for (T item : items) {
                action.run(item);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kiln-files");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<Void>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int from = next.getAndAdd(CHUNK); from < items.size(); from = next.getAndAdd(CHUNK)) {
                        for (T item : items.subList(from, Math.min(from + CHUNK, items.size()))) {
                            action.run(item);
                        }
                    }
                    return null;
                }));
            }
            await(running);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Deletes a file, or a folder with everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(root);
            return;
        }
        List<Path> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? folders : files).add(p));
        }
        forEach(files, Files::delete);
        for (int i = folders.size() - 1; i >= 0; i--) { // a walk lists a folder before its contents
            Files.delete(folders.get(i));
        }
    }

    /** Threads for file work: the cores, at least 2, at most 8. */
    static int workers() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    private static void await(List<Future<Void>> futures) throws IOException {
        try {
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.CANCELLED, "Interrupted while writing files.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
