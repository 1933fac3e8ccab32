package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.TargetConfig;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of an {@code athena} target. Credentials are never settings: they come from the
 * AWS default provider chain (environment, profile files, SSO, container or instance role),
 * optionally from the named profile.
 *
 * @param targetName   the target's name, for messages
 * @param region       the AWS region ({@code eu-west-1})
 * @param workGroup    the Athena work group ({@code primary})
 * @param stagingDir   where Athena writes query results ({@code s3_staging_dir}), or {@code null} when
 *                     the work group sets the result location
 * @param dataDir      where tables' data goes ({@code s3_data_dir}; default {@code <s3_staging_dir>tables/})
 * @param naming       how table folders are named below {@code dataDir}
 * @param schema       the Glue database models land in unless they say otherwise
 * @param catalog      the Athena data catalog ({@code database}; default {@code AwsDataCatalog})
 * @param threads      worker threads
 * @param pollInterval the longest wait between two polls of a running query
 * @param numRetries   how many times a throttled or transiently failed call is retried
 * @param profile      the AWS profile to take credentials from, or {@code null} for the default chain
 * @param execution    how statements reach Athena
 * @param uploadPartSize files larger than this (in bytes) are uploaded to S3 in parts of this size
 *                     ({@code s3_upload_part_size}, default 64 MiB)
 */
public record AthenaSettings(String targetName, String region, String workGroup, S3Uri stagingDir, S3Uri dataDir,
                             DataNaming naming, String schema, String catalog, int threads, Duration pollInterval,
                             int numRetries, String profile, ExecutionPath execution, long uploadPartSize) {

    /** S3's smallest part of a multipart upload (all but the last part): 5 MiB. */
    public static final long MIN_PART_SIZE = 5L << 20;
    /** S3's largest part of a multipart upload: 5 GiB. */
    public static final long MAX_PART_SIZE = 5L << 30;

    /**
     * These settings with another upload part size, unchecked: for S3-compatible stores with a
     * smaller minimum part size, and for tests that want a small file split into several parts.
     */
    public AthenaSettings withUploadPartSize(long bytes) {
        return new AthenaSettings(targetName, region, workGroup, stagingDir, dataDir, naming, schema, catalog, threads,
                pollInterval, numRetries, profile, execution, bytes);
    }

    /** The default data catalog of an AWS account. */
    public static final String DEFAULT_CATALOG = "AwsDataCatalog";

    /** Keys an athena target accepts. */
    public static final List<String> KEYS = List.of("region", "work_group", "s3_staging_dir", "s3_data_dir",
            "s3_data_naming", "schema", "database", "threads", "poll_interval", "num_retries", "aws_profile_name",
            "execution", "s3_upload_part_size");

    /** Whether {@link #catalog()} is the account's default Glue catalog. */
    public boolean defaultCatalog() {
        return catalog.equalsIgnoreCase(DEFAULT_CATALOG);
    }

    /**
     * Reads and checks a target's settings. Every problem is a {@link KilnException} with
     * {@link ErrorCode#ADAPTER_UNAVAILABLE} that names the place in {@code kiln.yml}, the target,
     * the setting and what to write instead.
     */
    public static AthenaSettings of(TargetConfig target) {
        Reader r = new Reader(target);
        for (String key : target.settings().keySet()) {
            if (!KEYS.contains(key)) {
                throw r.error("has unknown setting '" + key + "'. An athena target accepts: " + String.join(", ", KEYS)
                        + " (credentials come from the AWS default provider chain, never from kiln.yml)");
            }
        }
        String region = r.required("region", "the AWS region of your Athena work group, e.g. region: eu-west-1");
        String schema = r.required("schema", "the Glue database models land in, e.g. schema: analytics");
        S3Uri staging = r.s3("s3_staging_dir").orElse(null);
        S3Uri data = r.s3("s3_data_dir").orElse(null);
        if (data == null && staging == null) {
            throw r.error("needs s3_data_dir (or s3_staging_dir). Set s3_data_dir to the S3 folder tables are written to, "
                    + "e.g. s3_data_dir: s3://my-bucket/lakehouse/");
        }
        if (data == null) {
            data = staging.resolve("tables/");
        }
        String namingName = r.string("s3_data_naming").orElse(DataNaming.SCHEMA_TABLE_UNIQUE.configName());
        DataNaming naming = DataNaming.of(namingName).orElseThrow(() -> r.error("has s3_data_naming '" + namingName
                + "', which is unknown. Use one of: " + DataNaming.names()));
        String executionName = r.string("execution").orElse("auto");
        ExecutionPath execution = ExecutionPath.of(executionName).orElseThrow(() -> r.error("has execution '"
                + executionName + "', which is unknown. Use auto, api or jdbc"));
        int threads = r.positiveInt("threads", 1, "e.g. threads: 8");
        int retries = r.nonNegativeInt("num_retries", 5);
        Duration poll = r.seconds("poll_interval", Duration.ofSeconds(1));
        long partSize = r.bytes("s3_upload_part_size", S3ObjectStore.DEFAULT_PART_SIZE, MIN_PART_SIZE, MAX_PART_SIZE);
        return new AthenaSettings(target.name(), region, r.string("work_group").orElse("primary"), staging,
                data.asFolder(), naming, schema, r.string("database").orElse(DEFAULT_CATALOG), threads, poll, retries,
                r.string("aws_profile_name").orElse(null), execution, partSize);
    }

    /** Reads settings and words the errors. */
    private record Reader(TargetConfig target) {

        KilnException error(String what) {
            return new KilnException(ErrorCode.ADAPTER_UNAVAILABLE,
                    target.position() + ": target '" + target.name() + "' " + what + ".");
        }

        Optional<String> string(String key) {
            return target.string(key).map(String::strip).filter(s -> !s.isEmpty());
        }

        String required(String key, String hint) {
            return string(key).orElseThrow(() -> error("has no '" + key + "'. Set " + key + ": to " + hint));
        }

        Optional<S3Uri> s3(String key) {
            return string(key).map(v -> {
                try {
                    return S3Uri.parse(v).asFolder();
                } catch (IllegalArgumentException e) {
                    throw error("has " + key + " '" + v + "', which is not an S3 location. Write it as s3://bucket/prefix/");
                }
            });
        }

        int positiveInt(String key, int fallback, String example) {
            int n = integer(key, fallback);
            if (n < 1) {
                throw error("has " + key + " " + n + ". Use a whole number of at least 1, " + example);
            }
            return n;
        }

        int nonNegativeInt(String key, int fallback) {
            int n = integer(key, fallback);
            if (n < 0) {
                throw error("has " + key + " " + n + ". Use 0 (no retries) or more, e.g. " + key + ": 5");
            }
            return n;
        }

        private int integer(String key, int fallback) {
            Optional<String> v = string(key);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(v.get());
            } catch (NumberFormatException e) {
                throw error("has " + key + " '" + v.get() + "', which is not a whole number. Write e.g. " + key + ": " + fallback);
            }
        }

        /** A size: bytes, or a number with KB, MB or GB (powers of 1024; {@code MiB} etc. too). */
        long bytes(String key, long fallback, long min, long max) {
            Optional<String> v = string(key);
            if (v.isEmpty()) {
                return fallback;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?")
                    .matcher(v.get());
            long n = -1;
            if (m.matches()) {
                try {
                    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                    int shift = unit.startsWith("k") ? 10 : unit.startsWith("m") ? 20 : unit.startsWith("g") ? 30 : 0;
                    n = Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
                } catch (ArithmeticException | NumberFormatException e) {
                    n = -1;
                }
            }
            if (n < min || n > max) {
                throw error("has " + key + " '" + v.get() + "'. Write a size between 5MB and 5GB (S3's limits for"
                        + " the parts of an upload), e.g. " + key + ": 64MB");
            }
            return n;
        }

        Duration seconds(String key, Duration fallback) {
            Optional<String> v = string(key);
            if (v.isEmpty()) {
                return fallback;
            }
            String text = v.get().toLowerCase(Locale.ROOT);
            if (text.endsWith("s")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            try {
                double s = Double.parseDouble(text);
                if (!(s > 0) || s > 60) {
                    throw new NumberFormatException();
                }
                return Duration.ofMillis(Math.round(s * 1000));
            } catch (NumberFormatException e) {
                throw error("has " + key + " '" + v.get() + "'. Write a number of seconds between 0 and 60, e.g. " + key + ": 1.5");
            }
        }
    }
}
