package dev.kiln.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON inside a generated data file ({@code window.X = {...};} or {@code window.f(k, {...});}). */
final class SiteFilesReader {

    private SiteFilesReader() {
    }

    static JsonNode json(Path file) {
        try {
            String js = Files.readString(file);
            int start = js.indexOf('{');
            int end = js.lastIndexOf('}');
            return new ObjectMapper().readTree(js.substring(start, end + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
