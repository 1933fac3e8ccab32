package dev.kiln.internal.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code run_results.json} from an earlier command, read by {@code kiln retry}. */
public final class PreviousRunResults {

    private final String command;
    private final Map<String, String> statusById;
    private final boolean dryRun;
    private final boolean empty;

    private PreviousRunResults(String command, Map<String, String> statusById, boolean dryRun, boolean empty) {
        this.command = command;
        this.statusById = statusById;
        this.dryRun = dryRun;
        this.empty = empty;
    }

    /** Reads {@code targetDir/run_results.json}; a missing or unreadable file is a usage error. */
    public static PreviousRunResults read(Path targetDir) {
        Path file = targetDir.resolve("run_results.json");
        if (!Files.isRegularFile(file)) {
            throw new KilnException(ErrorCode.USAGE, "Nothing to retry: " + file + " does not exist. Run a command first.");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, String> statuses = new LinkedHashMap<>();
            for (JsonNode r : root.path("results")) {
                statuses.put(r.path("unique_id").asText(), r.path("status").asText());
            }
            return new PreviousRunResults(root.path("args").path("which").asText("build"), statuses,
                    root.path("args").path("dry_run").asBoolean(false), root.path("args").path("empty").asBoolean(false));
        } catch (IOException e) {
            throw new KilnException(ErrorCode.USAGE, file + " is not a run_results.json: " + e.getMessage(), e);
        }
    }

    /** The command that produced the results ({@code build}, {@code run}, …). */
    public String command() {
        return command;
    }

    /** Whether the command was a dry run ({@code kiln sync --dry-run}): its retry is one too. */
    public boolean dryRun() {
        return dryRun;
    }

    /** Whether the command ran with {@code --empty} (no rows read): its retry does too. */
    public boolean empty() {
        return empty;
    }

    /** Unique ids whose status was {@code error}, {@code fail} or {@code skipped}. */
    public java.util.List<String> toRetry() {
        return statusById.entrySet().stream()
                .filter(e -> e.getValue().equals("error") || e.getValue().equals("fail") || e.getValue().equals("skipped"))
                .map(Map.Entry::getKey).toList();
    }
}
