package dev.kiln.athena;

import java.util.Locale;

/**
 * An S3 location, {@code s3://bucket/key}. A location that names a folder ends with {@code /}.
 *
 * @param bucket the bucket
 * @param key    the key or prefix, without a leading slash (empty for the bucket's root)
 */
public record S3Uri(String bucket, String key) {

    /** Parses {@code s3://bucket/key}; {@code s3a://} and {@code s3n://} are accepted too. */
    public static S3Uri parse(String uri) {
        String u = uri.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("s3://") ? 5 : lower.startsWith("s3a://") || lower.startsWith("s3n://") ? 6 : -1;
        if (start < 0 || u.length() == start) {
            throw new IllegalArgumentException("not an S3 location (s3://bucket/prefix/): " + uri);
        }
        int slash = u.indexOf('/', start);
        String bucket = slash < 0 ? u.substring(start) : u.substring(start, slash);
        String key = slash < 0 ? "" : u.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("not an S3 location (s3://bucket/prefix/): " + uri);
        }
        return new S3Uri(bucket, key);
    }

    /** This location as a folder: with a trailing {@code /} (the bucket's root stays empty). */
    public S3Uri asFolder() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Uri(bucket, key + "/");
    }

    /** A location below this folder; {@code path} is appended after a {@code /}. */
    public S3Uri resolve(String path) {
        S3Uri folder = asFolder();
        String p = path.startsWith("/") ? path.substring(1) : path;
        return new S3Uri(bucket, folder.key + p);
    }

    /** Whether {@code other} lies at or below this location (compared as folders). */
    public boolean contains(S3Uri other) {
        return bucket.equals(other.bucket) && other.asFolder().key.startsWith(asFolder().key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
