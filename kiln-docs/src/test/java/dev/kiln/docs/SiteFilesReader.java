package dev.kiln.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON inside a generated data file ({@code window.X = JSON.parse('…');} or {@code window.f(k, JSON.parse('…'));}). */
final class SiteFilesReader {

    private SiteFilesReader() {
    }

    static JsonNode json(Path file) {
        try {
            String js = Files.readString(file);
            int start = js.indexOf("JSON.parse('") + "JSON.parse('".length();
            int end = js.lastIndexOf("')");
            String literal = js.substring(start, end);
            StringBuilder json = new StringBuilder(literal.length());
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (c == '\\') {
                    c = literal.charAt(++i);
                }
                json.append(c);
            }
            return new ObjectMapper().readTree(json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
