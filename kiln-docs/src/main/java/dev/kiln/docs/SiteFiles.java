package dev.kiln.docs;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** Atomic writes: a file through a temporary sibling and a rename; a folder through a sibling folder and a swap. */
final class SiteFiles {

    private SiteFiles() {
    }

    /** What writes a file's bytes. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code file} from {@code content}: the old file stays whole until the new one is complete. */
    static void writeAtomically(Path file, Content content) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            move(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Could not write " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable and the disk is not full.", e);
        }
    }

    /**
     * Replaces folder {@code target} with {@code staged} (a complete sibling folder): the old
     * folder is renamed aside, the new one renamed in, then the old one deleted. A reader sees
     * either the old site or the new one.
     */
    static void swapIn(Path staged, Path target) {
        Path old = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".old");
        try {
            boolean had = Files.exists(target);
            if (had) {
                Files.move(target, old);
            }
            move(staged, target);
            if (had) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Could not put the new site in " + target + ": "
                    + e.getMessage() + ". Check that the folder is writable.", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a folder and everything in it; a missing folder is fine. */
    static void deleteTree(Path dir) throws IOException {
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
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file: harmless, named with a leading dot
        }
    }
}
