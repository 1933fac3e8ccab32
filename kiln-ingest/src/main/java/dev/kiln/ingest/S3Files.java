package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The S3 side of {@code from: files}: {@code path: s3://bucket/prefix/*.jsonl} is listed with
 * {@code ListObjectsV2} below its fixed prefix (the part before the first wildcard), matched as a
 * glob on the key, and read with {@code GetObject}, streaming. An object counts as loaded by its
 * URI and ETag ({@code s3://bucket/key#etag}): an object written again under the same key is new.
 * The client uses the default AWS credentials chain (or {@code aws_profile_name}), region
 * {@code s3_region} (else the default region chain, else {@code us-east-1}), and {@code s3_endpoint}
 * for an S3-compatible store (path-style addressing).
 */
final class S3Files implements AutoCloseable {

    private final S3Client s3;
    private final String where;

    private S3Files(S3Client s3, String where) {
        this.s3 = s3;
        this.where = where;
    }

    /** Whether a {@code path:} names S3. */
    static boolean isS3(String path) {
        return path.strip().toLowerCase(java.util.Locale.ROOT).startsWith("s3://");
    }

    static S3Files open(Settings s) {
        return open(s.string("s3_endpoint"), s.string("s3_region"), s.string("aws_profile_name"));
    }

    /**
     * A client for {@code endpoint} (an S3-compatible store, path-style; {@code null}: AWS S3) in
     * {@code region} ({@code null}: the default region chain, else {@code us-east-1}), with the
     * credentials of {@code profile} ({@code null}: the default chain).
     */
    static S3Files open(String endpoint, String configuredRegion, String profile) {
        S3ClientBuilder b = S3Client.builder().httpClientBuilder(Apache5HttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        b.region(region(configuredRegion));
        AwsCredentialsProvider credentials = profile != null ? ProfileCredentialsProvider.create(profile)
                : DefaultCredentialsProvider.builder().build();
        b.credentialsProvider(credentials);
        return new S3Files(b.build(), endpoint == null ? "S3" : "S3 at " + endpoint);
    }

    private static Region region(String configured) {
        if (configured != null) {
            return Region.of(configured);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }

    /** The objects matching {@code glob} ({@code s3://bucket/prefix/*.jsonl}) not in {@code loaded}, by key. */
    List<SourceFile> newFiles(String glob, Set<String> loaded, String table) {
        List<SourceFile> out = new ArrayList<>();
        for (Obj o : matching(glob, "loading " + table)) {
            if (!loaded.contains(o.id())) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The objects {@code location} names, in key order: one object, a glob on the key
     * ({@code s3://bucket/prefix/*.jsonl}), or a folder ({@code s3://bucket/prefix/}: the objects
     * directly in it).
     *
     * @param why what the listing is for, in the message of a failure
     */
    List<Obj> matching(String location, String why) {
        String uri = location.strip();
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String pattern = slash < 0 ? "" : rest.substring(slash + 1);
        int wild = firstWildcard(pattern);
        String prefix = wild < 0 ? pattern : pattern.substring(0, pattern.lastIndexOf('/', wild) + 1);
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<Obj> out = new ArrayList<>();
        String token = null;
        try {
            do {
                String next = token;
                ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(next));
                for (S3Object o : page.contents()) {
                    boolean folder = pattern.isEmpty() || pattern.endsWith("/");
                    boolean match = folder ? o.key().indexOf('/', prefix.length()) < 0
                            : wild < 0 ? o.key().equals(pattern) : m.matches(Path.of(o.key()));
                    if (o.key().endsWith("/") || !match) {
                        continue;
                    }
                    out.add(new Obj(this, bucket, o.key(), o.eTag() == null ? "" : o.eTag().replace("\"", ""),
                            o.size() == null ? 0 : o.size()));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot list s3://" + bucket + "/" + prefix + " on " + where
                    + " (" + why + "): " + e.getMessage() + ". Check the bucket, the credentials (the default AWS"
                    + " chain or aws_profile_name) and s3_region.", e);
        }
        out.sort(java.util.Comparator.comparing(Obj::toString));
        return out;
    }

    /**
     * Bytes of {@code o} with one ranged {@code GetObject}: {@code length} bytes from
     * {@code offset}, or, with a negative {@code offset}, its last {@code -offset} bytes.
     */
    byte[] range(Obj o, long offset, int length) {
        String range = offset < 0 ? "bytes=" + offset : "bytes=" + offset + "-" + (offset + Math.max(length, 1) - 1);
        try {
            return s3.getObjectAsBytes(r -> r.bucket(o.bucket()).key(o.key()).range(range)).asByteArray();
        } catch (SdkException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read " + o + " on " + where + ": " + e.getMessage()
                    + ". Check the credentials (the default AWS chain or aws_profile_name) and the region.", e);
        }
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        s3.close();
    }

    /** One S3 object. */
    record Obj(S3Files files, String bucket, String key, String etag, long size) implements SourceFile {
        @Override
        public String id() {
            return "s3://" + bucket + "/" + key + "#" + etag;
        }

        @Override
        public InputStream open() throws IOException {
            try {
                return files.s3.getObject(r -> r.bucket(bucket).key(key).ifMatch(etag.isEmpty() ? null : "\"" + etag + "\""));
            } catch (SdkException e) {
                throw new IOException("GetObject on " + files.where + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public Path local(Path dir) throws IOException {
            Path f = dir.resolve(Integer.toHexString(key.hashCode()) + "-" + Path.of(key).getFileName());
            try (InputStream in = open()) {
                Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
            }
            return f;
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }
}
