package dev.kiln.internal.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each node took in the previous command, read from its {@code run_results.json}, for
 * the scheduler's priorities ({@code internal.execute.StepCosts}).
 */
public final class PreviousDurations {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PreviousDurations.class);

    private PreviousDurations() {
    }

    /**
     * Each node's {@code execution_time} in seconds, by unique id, from
     * {@code targetDir/run_results.json}; empty when the file is missing or unreadable (never an
     * error: the order of steps is all that depends on it).
     */
    public static Map<String, Double> read(Path targetDir) {
        Path file = targetDir.resolve("run_results.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Map<String, Double> durations = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            readResults(p, durations);
        } catch (IOException | RuntimeException e) {
            LOG.debug("previous run's durations not used ({}): {}", file, e.toString());
            return Map.of();
        }
        return durations;
    }

    /** Streams {@code results[].unique_id} and {@code results[].execution_time} (the file may be large). */
    private static void readResults(JsonParser p, Map<String, Double> out) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.getCurrentName();
            JsonToken value = p.nextToken();
            if ("results".equals(field) && value == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    double seconds = -1;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.getCurrentName();
                        JsonToken v = p.nextToken();
                        if ("unique_id".equals(name) && v == JsonToken.VALUE_STRING) {
                            id = p.getText();
                        } else if ("execution_time".equals(name) && v.isNumeric()) {
                            seconds = p.getDoubleValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (id != null && seconds >= 0) {
                        out.put(id, seconds);
                    }
                }
            } else {
                p.skipChildren();
            }
        }
    }
}
