package dev.kiln.hubspot;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Moves a finished temporary file over its destination, so readers never see a part. */
final class AtomicWrite {

    private AtomicWrite() {
    }

    /** A temporary file next to {@code file}. */
    static Path temp(Path file) {
        return file.toAbsolutePath().getParent().resolve("." + file.getFileName() + ".tmp");
    }

    /** Moves {@code temp} to {@code file}, replacing it. */
    static void commit(Path temp, Path file) {
        try {
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to {@code file} atomically. */
    static void write(Path file, byte[] content) {
        Path temp = temp(file);
        try {
            Files.createDirectories(temp.getParent());
            Files.write(temp, content);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
        commit(temp, file);
    }
}
