package dev.kiln.cli;

import dev.kiln.cli.ops.ArtifactUpload;
import picocli.CommandLine.Option;

import java.net.URI;

/**
 * Options of the commands that run nodes about what happens once the run has ended: artifact
 * uploads. (Alerts are configured in {@code kiln.yml}'s {@code alerts:}.)
 */
public final class RunEndOptions {

    @Option(names = "--artifacts-uri", paramLabel = "s3://BUCKET/PREFIX", defaultValue = "${env:KILN_ARTIFACTS_URI}",
            description = "Upload manifest.json, run_results.json (and JSON logs) here at the end of the run "
                    + "(default: $KILN_ARTIFACTS_URI).")
    String artifactsUri;

    @Option(names = "--artifacts-endpoint", paramLabel = "URL", defaultValue = "${env:KILN_ARTIFACTS_ENDPOINT}",
            description = "An S3-compatible endpoint for --artifacts-uri (MinIO, LocalStack; default: AWS, or "
                    + "$KILN_ARTIFACTS_ENDPOINT).")
    URI artifactsEndpoint;

    /** The upload location, or null when none is asked for; a malformed URI is a usage error. */
    ArtifactUpload.Location location() {
        return artifactsUri == null || artifactsUri.isBlank() ? null : ArtifactUpload.Location.parse(artifactsUri.strip());
    }
}
