package dev.kiln.internal.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the new one, never a part:
 * into a temporary file in the same folder, then moved over the old one (atomically where the
 * file system can).
 */
public final class AtomicFile {

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code file} (creating its folder if needed); {@code tag} makes the temporary file's
     * name unique to this writer. Throws {@link dev.kiln.KilnException} ({@code IO}) on failure,
     * leaving the old file in place.
     */
    public static Path write(Path file, String tag, Content content) {
        Path folder = file.toAbsolutePath().getParent();
        Path temp = folder.resolve("." + file.getFileName() + "." + tag.replaceAll("[^A-Za-z0-9_-]", "_") + ".tmp");
        try {
            Files.createDirectories(folder);
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            Path named = IoErrors.fileOf(e);
            throw IoErrors.cannotWriteAt(named == null || named.equals(temp) ? file : named, e);
        }
    }
}
