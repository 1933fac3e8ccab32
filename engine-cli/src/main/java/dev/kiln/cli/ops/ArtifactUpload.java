package dev.kiln.cli.ops;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code --artifacts-uri s3://bucket/prefix}: at the end of a run, uploads the run's artifacts
 * ({@code manifest.json}, {@code run_results.json}, and the JSON logs under
 * {@code target/logs/} when there are any) twice: under {@code prefix/runs/<invocation_id>/}
 * (the history) and {@code prefix/latest/} (what {@code --state} of the next run can read).
 * Credentials and region come from the AWS SDK's default chains (the ECS task role in
 * production). An upload that fails is a warning: the run's outcome stands.
 */
public final class ArtifactUpload {

    /** The files of the target directory that are uploaded when present. */
    static final List<String> FILES = List.of("manifest.json", "run_results.json");

    /**
     * Where artifacts go.
     *
     * @param bucket the bucket
     * @param prefix the key prefix, without leading or trailing slash (possibly empty)
     */
    public record Location(String bucket, String prefix) {

        /** Parses {@code s3://bucket/prefix}; a wrong value is a usage error that says what is expected. */
        public static Location parse(String uri) {
            if (uri == null || !uri.startsWith("s3://") || uri.length() <= 5 || uri.charAt(5) == '/') {
                throw new KilnException(ErrorCode.USAGE, "--artifacts-uri must look like s3://bucket/prefix, not '"
                        + uri + "'.");
            }
            String rest = uri.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("^/+|/+$", "");
            return new Location(bucket, prefix);
        }

        /** The key of {@code parts} joined by slashes under the prefix. */
        public String key(String... parts) {
            String joined = String.join("/", parts);
            return prefix.isEmpty() ? joined : prefix + "/" + joined;
        }
    }

    private final S3Client s3;

    /** @param s3 the client to upload with; the caller closes it */
    public ArtifactUpload(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * A client from the SDK's default region and credentials chains.
     *
     * @param endpoint an S3-compatible endpoint (MinIO, LocalStack), or {@code null} for AWS
     */
    public static S3Client client(URI endpoint) {
        S3ClientBuilder b = S3Client.builder().requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        if (endpoint != null) {
            b.endpointOverride(endpoint).forcePathStyle(true);
        }
        return b.build();
    }

    /**
     * Uploads the artifacts of {@code targetDir}.
     *
     * @param location     where to
     * @param targetDir    the project's target directory
     * @param invocationId the run's invocation id
     * @param warnings     receives a line per file that could not be uploaded
     * @return the {@code s3://} URIs written
     */
    public List<String> upload(Location location, Path targetDir, String invocationId, Consumer<String> warnings) {
        List<String> written = new ArrayList<>();
        for (Path file : files(targetDir)) {
            String name = targetDir.relativize(file).toString().replace('\\', '/');
            for (String key : List.of(location.key("runs", invocationId, name), location.key("latest", name))) {
                try {
                    s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(key)
                            .contentType("application/json").build(), RequestBody.fromFile(file));
                    written.add("s3://" + location.bucket() + "/" + key);
                } catch (SdkException e) {
                    warnings.accept("Could not upload " + name + " to s3://" + location.bucket() + "/" + key + ": "
                            + e.getMessage() + " The run's outcome is unchanged; check the bucket, the region and the "
                            + "role's s3:PutObject permission.");
                }
            }
        }
        return written;
    }

    /** The artifacts present: manifest, run results, then JSON logs, in a stable order. */
    static List<Path> files(Path targetDir) {
        List<Path> out = new ArrayList<>();
        FILES.stream().map(targetDir::resolve).filter(Files::isRegularFile).forEach(out::add);
        Path logs = targetDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> s = Files.list(logs)) {
                s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(".*\\.jsonl?"))
                        .sorted().forEach(out::add);
            } catch (IOException e) {
                throw new KilnException(ErrorCode.IO, "Cannot list " + logs + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
