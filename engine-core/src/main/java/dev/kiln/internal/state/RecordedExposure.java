package dev.kiln.internal.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.internal.report.ExposureEntries;
import dev.kiln.Exposure;
import dev.kiln.Project;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exposure's {@code manifest.json} entry as plain JSON values, to compare with the entry an
 * earlier manifest recorded ({@code state:modified}).
 */
public final class RecordedExposure {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedExposure() {
    }

    /** The entry {@code manifest.json} holds for {@code exposure}, read back as maps, lists and scalars. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Project project, Exposure exposure) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            new ExposureEntries(project).writeBody(g, exposure);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return JSON.readValue(out.toByteArray(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
