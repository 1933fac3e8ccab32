package dev.kiln.internal.report;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Writes {@code target/compiled/<project>/<path>} for every compiled node, as dbt does:
 * a model's SQL at its own path ({@code models/staging/stg_users.sql}), a node declared in
 * YAML (a generic test, a snapshot) at {@code <yaml path without extension>/<name>.sql}.
 * Seeds write nothing.
 *
 * <p>The tree is written into a fresh folder next to the old one, in parallel, and then
 * swapped into place, so compiled files of nodes that no longer exist disappear and a crash
 * never leaves a half-written tree. Leftovers of a crashed run are removed by the next one.
 * Two processes must not compile the same project into the same target directory at once.
 */
public final class CompiledSqlWriter {

    private static final int CHUNK = 128;

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public CompiledSqlWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * Writes the compiled SQL of every node of {@code project}, replacing what an earlier
     * run wrote. Throws {@link KilnException} ({@link ErrorCode#IO}) if a file cannot be written.
     */
    public void write(CompiledProject project) {
        String name = project.project().name();
        Path compiledRoot = targetDir.resolve("compiled");
        Path finalDir = compiledRoot.resolve(name);
        Path fresh = compiledRoot.resolve("." + name + ".kiln-new");
        Path old = compiledRoot.resolve("." + name + ".kiln-old");
        Map<String, String> files = files(project);
        Path current = compiledRoot;
        try {
            Files.createDirectories(compiledRoot);
            current = fresh;
            deleteTree(fresh);
            deleteTree(old);
            Files.createDirectory(fresh);
            createFolders(fresh, files.keySet());
            writeAll(fresh, files);
            current = finalDir;
            swap(fresh, finalDir, old);
            current = old;
            deleteTree(old);
        } catch (IOException e) {
            removeQuietly(fresh);
            throw IoErrors.cannotWrite(current, e);
        } catch (UncheckedIOException e) {
            removeQuietly(fresh);
            throw IoErrors.cannotWrite(current, e.getCause());
        }
    }

    private static void removeQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // the next run removes it
        }
    }

    /** Relative path → compiled SQL, for every node that has a compiled file. */
    private static Map<String, String> files(CompiledProject project) {
        Map<String, String> files = new LinkedHashMap<>();
        for (CompiledNode n : project.nodes()) {
            String path = NodePaths.compiled(n.node());
            if (path != null && !path.isEmpty()) {
                files.put(path, n.compiledSql() == null ? "" : n.compiledSql());
            }
        }
        return files;
    }

    /** Creates every folder the files need, each once, parents first. */
    private static void createFolders(Path root, Iterable<String> files) throws IOException {
        TreeSet<String> folders = new TreeSet<>();
        for (String f : files) {
            for (int slash = f.indexOf('/'); slash > 0; slash = f.indexOf('/', slash + 1)) {
                folders.add(f.substring(0, slash));
            }
        }
        // sorted, so "a" comes before "a/b": every parent exists when its child is created
        for (String folder : folders) {
            Files.createDirectory(root.resolve(folder));
        }
    }

    private static void writeAll(Path root, Map<String, String> files) throws IOException {
        List<Map.Entry<String, String>> entries = new ArrayList<>(files.entrySet());
        // sorted, so that each chunk writes into one or a few folders and threads rarely share one
        entries.sort(Map.Entry.comparingByKey());
        int threads = Math.min(workers(), Math.max(1, entries.size() / CHUNK));
        if (threads <= 1) {
            for (Map.Entry<String, String> e : entries) {
                writeFile(root, e);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("kiln-write"));
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int from = next.getAndAdd(CHUNK); from < entries.size(); from = next.getAndAdd(CHUNK)) {
                        for (int i = from; i < Math.min(from + CHUNK, entries.size()); i++) {
                            writeFile(root, entries.get(i));
                        }
                    }
                    return null;
                }));
            }
            await(done);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeFile(Path root, Map.Entry<String, String> e) throws IOException {
        Files.write(root.resolve(e.getKey()), e.getValue().getBytes(StandardCharsets.UTF_8));
    }

    /** Moves {@code fresh} to {@code target}, moving what was there to {@code old} first. */
    private static void swap(Path fresh, Path target, Path old) throws IOException {
        boolean movedAway = false;
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                move(target, old);
                movedAway = true;
            } catch (IOException cannotMove) {
                // e.g. a file in it is open on Windows: remove it instead
                deleteTree(target);
            }
        }
        try {
            move(fresh, target);
        } catch (IOException e) {
            if (movedAway) {
                try {
                    move(old, target); // put the previous tree back
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Deletes a file or folder tree if it exists; files in parallel when there are many. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(root);
            return;
        }
        List<Path> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? folders : files).add(p));
        }
        int threads = Math.min(workers(), Math.max(1, files.size() / CHUNK));
        if (threads <= 1) {
            for (Path f : files) {
                Files.delete(f);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("kiln-clean"));
            try {
                List<Future<Void>> done = new ArrayList<>();
                int slice = (files.size() + threads - 1) / threads;
                for (int t = 0; t < threads; t++) {
                    List<Path> part = files.subList(Math.min(files.size(), t * slice), Math.min(files.size(), (t + 1) * slice));
                    done.add(pool.submit(() -> {
                        for (Path f : part) {
                            Files.delete(f);
                        }
                        return null;
                    }));
                }
                await(done);
            } finally {
                pool.shutdownNow();
            }
        }
        for (int i = folders.size() - 1; i >= 0; i--) { // children after their parents in a walk
            Files.delete(folders.get(i));
        }
    }

    private static int workers() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void await(List<Future<Void>> futures) throws IOException {
        try {
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KilnException(ErrorCode.CANCELLED, "Interrupted while writing compiled SQL.", e);
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
