package dev.kiln.ingest;

import dev.kiln.spi.RemoteFiles;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code s3://} for {@link RemoteFiles}: lists with {@code ListObjectsV2} and reads byte ranges
 * with ranged {@code GetObject}s, through the client of {@code from: files} ({@link S3Files}), so
 * that column lineage knows the columns of a source whose {@code external_location} is on S3.
 * From the target's settings it takes {@code s3_region} (else {@code region}, else the default
 * region chain), {@code aws_profile_name} (else the default credentials chain) and
 * {@code s3_endpoint} for an S3-compatible store (DuckDB's {@code host:port} with
 * {@code s3_use_ssl: false} means {@code http://host:port}); without one, the AWS standard
 * {@code AWS_ENDPOINT_URL_S3} environment variable or {@code aws.endpointUrlS3} system property,
 * if set, else AWS S3.
 */
public final class S3RemoteFiles implements RemoteFiles {

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public Client open(Map<String, Object> settings) {
        String region = string(settings, "s3_region");
        S3Files s3 = S3Files.open(endpoint(settings), region != null ? region : string(settings, "region"),
                string(settings, "aws_profile_name"));
        return new Client() {
            @Override
            public List<RemoteFile> list(String location) {
                return s3.matching(location, "reading the columns of its files").stream()
                        .map(o -> new RemoteFile(o.toString(), o.size())).toList();
            }

            @Override
            public byte[] read(RemoteFile file, long offset, int length) {
                String rest = file.uri().substring("s3://".length());
                int slash = rest.indexOf('/');
                return s3.range(new S3Files.Obj(s3, rest.substring(0, slash), rest.substring(slash + 1), "", file.size()),
                        offset, length);
            }

            @Override
            public void close() {
                s3.close();
            }
        };
    }

    /** The endpoint URL of an S3-compatible store, or {@code null} for AWS S3. */
    static String endpoint(Map<String, Object> settings) {
        String endpoint = string(settings, "s3_endpoint");
        if (endpoint == null) {
            String env = System.getenv("AWS_ENDPOINT_URL_S3");
            endpoint = System.getProperty("aws.endpointUrlS3", env == null || env.isBlank() ? null : env);
            return endpoint == null || endpoint.isBlank() ? null : endpoint.strip();
        }
        if (!endpoint.contains("://")) { // DuckDB's httpfs spelling: host:port, TLS unless s3_use_ssl is false
            boolean tls = !"false".equals(String.valueOf(settings.get("s3_use_ssl")).toLowerCase(Locale.ROOT));
            endpoint = (tls ? "https://" : "http://") + endpoint;
        }
        return endpoint;
    }

    private static String string(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).strip();
    }
}
