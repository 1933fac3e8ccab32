package dev.kiln.dbt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Writes the Kiln project's files, each atomically (a temporary file renamed into place). */
final class Output {

    private final Path root;
    private final ImportListener listener;
    private final List<String> written = new ArrayList<>();

    Output(Path root, ImportListener listener) {
        this.root = root;
        this.listener = listener;
    }

    void text(String relative, String content) {
        bytes(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    void copy(String relative, Path from) {
        try {
            bytes(relative, Files.readAllBytes(from));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + from + ": " + e.getMessage(), e);
        }
    }

    private void bytes(String relative, byte[] content) {
        Path file = root.resolve(relative).normalize();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, content);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        written.add(relative);
        listener.wrote(relative);
    }

    List<String> written() {
        return written;
    }
}
