package dev.kiln.internal.report;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Turns I/O failures of the report stage into {@link KilnException}s a person can act on. */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * {@code Cannot write <path>: <reason>}, with {@link ErrorCode#IO}. The path is the file
     * the failure names, else {@code fallback}.
     */
    static KilnException cannotWrite(Path fallback, IOException e) {
        Path named = fileOf(e);
        return cannotWriteAt(named != null ? named : fallback, e);
    }

    /** {@code Cannot write <path>: <reason>}, with {@link ErrorCode#IO}. */
    static KilnException cannotWriteAt(Path path, IOException e) {
        return new KilnException(ErrorCode.IO, "Cannot write " + path + ": " + reason(e), e);
    }

    /** The file a failure names, or {@code null}. */
    static Path fileOf(IOException e) {
        return e instanceof FileSystemException fs && fs.getFile() != null ? Path.of(fs.getFile()) : null;
    }

    /** A short reason for {@code e}, without the path it names. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
