package dev.kiln.hubspot;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code rejected-records.jsonl} in the exposure's work folder: one JSON object per record that
 * was not sent or that HubSpot refused ({@code key}, {@code properties}, {@code reason}). The
 * file is replaced at the end of every sync (empty when nothing was rejected), atomically.
 */
final class RejectedRecords implements AutoCloseable {

    /** The file's name in the work folder. */
    static final String FILE = "rejected-records.jsonl";

    private final Path file;
    private final Path temp;
    private final JsonGenerator out;
    private long count;

    RejectedRecords(Path workDir) {
        this.file = workDir.resolve(FILE);
        this.temp = AtomicWrite.temp(file);
        try {
            Files.createDirectories(workDir);
            out = HubSpotClient.JSON.getFactory().createGenerator(new BufferedOutputStream(Files.newOutputStream(temp)));
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Adds a record with why it was rejected. */
    void add(String key, Map<String, String> properties, String reason) {
        try {
            out.writeStartObject();
            out.writeStringField("key", key);
            out.writeObjectFieldStart("properties");
            for (Map.Entry<String, String> e : properties.entrySet()) {
                out.writeStringField(e.getKey(), e.getValue());
            }
            out.writeEndObject();
            out.writeStringField("reason", reason);
            out.writeEndObject();
            out.writeRaw('\n');
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records added. */
    long count() {
        return count;
    }

    /** The file. */
    Path file() {
        return file;
    }

    /** Finishes the file and moves it into place. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
        AtomicWrite.commit(temp, file);
    }
}
