package dev.kiln.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The last statuses the target directory records: {@code run_results.json} (each node's and
 * test's last status) and {@code sources.json} (each source's last freshness check). Missing or
 * unreadable files mean "never run".
 *
 * @param results   unique id → last run result
 * @param freshness unique id → last freshness result
 * @param ranAt     when run_results.json was generated, or {@code null}
 */
record RunState(Map<String, Result> results, Map<String, Freshness> freshness, String ranAt) {

    /**
     * One node's last result.
     *
     * @param status  {@code success}, {@code pass}, {@code fail}, {@code warn}, {@code error}, {@code skipped}
     * @param message the message, or {@code null}
     * @param seconds how long it took
     */
    record Result(String status, String message, double seconds) {
    }

    /**
     * One source's last freshness check.
     *
     * @param status      {@code pass}, {@code warn}, {@code error} or {@code runtime error}
     * @param maxLoadedAt the newest {@code loaded_at_field}, or {@code null}
     * @param ageSeconds  its age when checked, or -1
     * @param checkedAt   when it was checked, or {@code null}
     */
    record Freshness(String status, String maxLoadedAt, double ageSeconds, String checkedAt) {
    }

    static RunState read(Path targetDir) {
        Map<String, Result> results = new HashMap<>();
        Map<String, Freshness> freshness = new HashMap<>();
        String ranAt = null;
        ObjectMapper json = new ObjectMapper();
        JsonNode run = readTree(json, targetDir.resolve("run_results.json"));
        if (run != null) {
            ranAt = run.path("metadata").path("generated_at").asText(null);
            for (JsonNode r : run.path("results")) {
                results.put(r.path("unique_id").asText(), new Result(r.path("status").asText(""),
                        r.path("message").isNull() ? null : r.path("message").asText(null),
                        r.path("execution_time").asDouble(0)));
            }
        }
        JsonNode sources = readTree(json, targetDir.resolve("sources.json"));
        if (sources != null) {
            for (JsonNode r : sources.path("results")) {
                freshness.put(r.path("unique_id").asText(), new Freshness(r.path("status").asText(""),
                        r.path("max_loaded_at").asText(null), r.path("max_loaded_at_time_ago_in_s").asDouble(-1),
                        r.path("snapshotted_at").asText(null)));
            }
        }
        return new RunState(results, freshness, ranAt);
    }

    private static JsonNode readTree(ObjectMapper json, Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return json.readTree(file.toFile());
        } catch (IOException unreadable) {
            return null;
        }
    }
}
