package dev.kiln.hubspot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The diff on disk between reading it and sending it: the warehouse's result stream is closed
 * before the first request goes out (a session runs one statement at a time, and the state is
 * written between batches), and memory stays flat however many records changed. One JSON
 * object per record; the file is deleted when the sync ends.
 */
final class Spool implements AutoCloseable {

    private final Path file;
    private JsonGenerator out;
    private long size;

    Spool(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            out = HubSpotClient.JSON.getFactory().createGenerator(os);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends a record. */
    void add(Change c) {
        try {
            out.writeStartObject();
            out.writeStringField("k", c.key());
            out.writeStringField("h", c.hash());
            out.writeBooleanField("n", c.isNew());
            out.writeObjectFieldStart("p");
            for (Map.Entry<String, String> e : c.properties().entrySet()) {
                out.writeStringField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
            size++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records written. */
    long size() {
        return size;
    }

    /** Reads every record back, in order. */
    void forEach(java.util.function.Consumer<Change> consumer) {
        try {
            out.close();
            try (InputStream in = Files.newInputStream(file); JsonParser p = HubSpotClient.JSON.getFactory().createParser(in)) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String key = null;
                    String hash = null;
                    boolean isNew = false;
                    Map<String, String> props = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken t = p.nextToken();
                        switch (f) {
                            case "k" -> key = p.getText();
                            case "h" -> hash = p.getText();
                            case "n" -> isNew = t == JsonToken.VALUE_TRUE;
                            case "p" -> {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String name = p.currentName();
                                    p.nextToken();
                                    props.put(name, p.getText());
                                }
                            }
                            default -> p.skipChildren();
                        }
                    }
                    consumer.accept(new Change(key, hash, isNew, props));
                }
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the file. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // deleted below
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file in target/; the next sync overwrites it
        }
    }
}
