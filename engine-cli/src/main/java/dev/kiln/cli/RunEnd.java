package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Kiln;
import dev.kiln.RunResults;
import dev.kiln.cli.ops.ArtifactUpload;
import dev.kiln.cli.ops.RunContext;
import dev.kiln.cli.ops.WebhookAlerts;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a running command does once its run has ended and its artifacts are written: the
 * {@code alerts:} of {@code kiln.yml} ({@link WebhookAlerts}) and the {@code --artifacts-uri}
 * upload ({@link ArtifactUpload}). Neither changes the exit code: a failure is a warning.
 */
final class RunEnd {

    private RunEnd() {
    }

    static void finish(Kiln kiln, String command, RunResults results, ArtifactUpload.Location artifacts,
                       URI endpoint, Terminal terminal) {
        RunContext run = new RunContext(kiln.project().name(), command, kiln.target().name(),
                invocationId(kiln.targetDir()));
        if (!kiln.project().config().alerts().isEmpty()) {
            int sent = new WebhookAlerts().send(kiln.project().config().alerts(), run, results,
                    w -> terminal.err().println(terminal.style().yellow("warning: " + w)));
            if (sent > 0) {
                terminal.progress("Sent " + sent + (sent == 1 ? " alert." : " alerts."));
            }
        }
        if (artifacts != null) {
            try (S3Client s3 = ArtifactUpload.client(endpoint)) {
                List<String> written = new ArtifactUpload(s3).upload(artifacts, kiln.targetDir(), run.invocationId(),
                        w -> terminal.err().println(terminal.style().yellow("warning: " + w)));
                if (!written.isEmpty()) {
                    terminal.progress("Uploaded " + written.size() / 2 + " artifacts to s3://" + artifacts.bucket() + "/"
                            + artifacts.key("runs", run.invocationId()) + "/ (and latest/).");
                }
            } catch (SdkException e) {
                terminal.err().println(terminal.style().yellow("warning: Could not upload the artifacts: "
                        + e.getMessage() + " Set AWS_REGION and credentials (the task role on ECS)."));
            }
        }
    }

    /** The invocation id that {@code run_results.json} records, or {@code unknown}. */
    private static String invocationId(Path targetDir) {
        Path file = targetDir.resolve("run_results.json");
        try {
            if (Files.isRegularFile(file)) {
                JsonNode id = new ObjectMapper().readTree(file.toFile()).path("metadata").path("invocation_id");
                if (id.isTextual() && id.asText().matches("[A-Za-z0-9-]+")) {
                    return id.asText();
                }
            }
        } catch (IOException e) {
            // fall through: the upload still happens, under "unknown"
        }
        return "unknown";
    }
}
