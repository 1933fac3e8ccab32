package dev.datavision.raw;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A directory built in a hidden sibling ({@code .<name>.tmp-XXXX}) and swapped into place by
 * renames on {@link #commit()}; {@link #close()} without a commit removes the staging directory, so
 * an interrupted or failed run never leaves a half-written dataset in place of the old one.
 *
 * <p>To avoid replacing a directory that the generator did not write, an existing non-empty target
 * must contain the {@value #MARKER} file of a previous run.
 */
final class AtomicDirectory implements AutoCloseable {

    /** File every generated directory carries; it marks the directory as safe to replace. */
    static final String MARKER = "_manifest.json";

    private final Path target;
    private final Path staging;
    private boolean committed;

    private AtomicDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    static AtomicDirectory begin(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        checkReplaceable(absolute);
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
        try {
            // temp directories are private (rwx------); the dataset is meant to be readable like any folder
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // keep the platform default
        }
        return new AtomicDirectory(absolute, staging);
    }

    /** Fails when the target exists but is a file, or a non-empty directory without the marker. */
    static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IOException("output path exists and is not a directory: " + target);
        }
        boolean empty;
        try (var entries = Files.list(target)) {
            empty = entries.findAny().isEmpty();
        }
        if (!empty && !Files.exists(target.resolve(MARKER))) {
            throw new IOException("refusing to replace " + target + ": it is not empty and has no " + MARKER
                    + " from a previous generator run");
        }
    }

    Path staging() {
        return staging;
    }

    Path target() {
        return target;
    }

    /** Moves the staging directory into place, replacing (then deleting) any previous version. */
    void commit() throws IOException {
        Path parent = target.getParent();
        Path old = null;
        if (Files.exists(target)) {
            old = Files.createTempDirectory(parent, "." + target.getFileName() + ".old-");
            Files.delete(old);
            move(target, old);
        }
        move(staging, target);
        committed = true;
        if (old != null) {
            deleteRecursively(old);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            deleteRecursively(staging);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
