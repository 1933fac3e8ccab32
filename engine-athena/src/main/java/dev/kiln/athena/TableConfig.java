package dev.kiln.athena;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model's table is stored, from its config.
 *
 * @param format           {@code table_type}: {@link TableFormat#HIVE} (default) or {@link TableFormat#ICEBERG}
 * @param fileFormat       {@code format}: {@code PARQUET} (default), {@code ORC}, {@code AVRO}, {@code JSON}, {@code TEXTFILE}
 * @param partitionedBy    {@code partitioned_by}: Hive partition columns (last in the select list), or Iceberg
 *                         partition transforms ({@code day(created_at)}, {@code bucket(16, user_id)})
 * @param bucketedBy       {@code bucketed_by}: bucketing columns
 * @param bucketCount      {@code bucket_count}, or 0 when not bucketed
 * @param writeCompression {@code write_compression} ({@code SNAPPY}, {@code ZSTD} …), or {@code null}
 * @param externalLocation {@code external_location}: a fixed data folder, or {@code null}
 * @param naming           {@code s3_data_naming} of the model, or {@code null} for the target's
 */
public record TableConfig(TableFormat format, String fileFormat, List<String> partitionedBy, List<String> bucketedBy,
                          int bucketCount, String writeCompression, S3Uri externalLocation, DataNaming naming) {

    /** Copies the lists. */
    public TableConfig {
        partitionedBy = List.copyOf(partitionedBy);
        bucketedBy = List.copyOf(bucketedBy);
    }

    /** A plain Hive Parquet table: how staging tables are stored. */
    public static final TableConfig STAGING = new TableConfig(TableFormat.HIVE, "PARQUET", List.of(), List.of(), 0,
            null, null, null);

    /** Reads and checks the config of a node; a bad value is an {@link ErrorCode#EXECUTION_FAILED} naming the model. */
    public static TableConfig of(CompiledNode node) {
        NodeConfig c = node.config();
        String what = node.node().origin().path().toString().replace('\\', '/') + ": " + node.name();
        String type = c.string("table_type").orElse("hive").strip().toLowerCase(Locale.ROOT);
        TableFormat format = switch (type) {
            case "hive" -> TableFormat.HIVE;
            case "iceberg" -> TableFormat.ICEBERG;
            default -> throw error(what + ": table_type '" + type + "' is unknown; use hive or iceberg");
        };
        String fileFormat = c.string("format").orElse("parquet").strip().toUpperCase(Locale.ROOT);
        List<String> partitions = list(c, "partitioned_by");
        List<String> buckets = list(c, "bucketed_by");
        int count = 0;
        Optional<String> n = c.string("bucket_count");
        if (n.isPresent()) {
            try {
                count = (int) Double.parseDouble(n.get());
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1) {
                throw error(what + ": bucket_count '" + n.get() + "' is not a positive whole number");
            }
        }
        if (!buckets.isEmpty() && count == 0) {
            throw error(what + ": bucketed_by needs bucket_count, e.g. bucket_count: 16");
        }
        S3Uri location = null;
        Optional<String> loc = c.string("external_location").map(String::strip).filter(s -> !s.isEmpty());
        if (loc.isPresent()) {
            try {
                location = S3Uri.parse(loc.get()).asFolder();
            } catch (IllegalArgumentException e) {
                throw error(what + ": external_location '" + loc.get() + "' is not an S3 location (s3://bucket/prefix/)");
            }
        }
        DataNaming naming = null;
        Optional<String> nm = c.string("s3_data_naming");
        if (nm.isPresent()) {
            naming = DataNaming.of(nm.get()).orElseThrow(() -> error(what + ": s3_data_naming '" + nm.get()
                    + "' is unknown; use one of " + DataNaming.names()));
        }
        return new TableConfig(format, fileFormat, partitions, buckets, count,
                c.string("write_compression").map(String::strip).orElse(null), location, naming);
    }

    /** Whether the table is partitioned. */
    public boolean partitioned() {
        return !partitionedBy.isEmpty();
    }

    /** The same config with another format. */
    public TableConfig withFormat(TableFormat f) {
        return new TableConfig(f, fileFormat, partitionedBy, bucketedBy, bucketCount, writeCompression, externalLocation, naming);
    }

    private static List<String> list(NodeConfig c, String key) {
        Object v = c.values().get(key);
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        if (v == null) {
            return List.of();
        }
        // one string: split on commas outside parentheses, so that 'bucket(16, id)' stays whole
        String s = String.valueOf(v);
        StringBuilder cur = new StringBuilder();
        List<String> out = new ArrayList<>();
        int depth = 0;
        for (char ch : s.toCharArray()) {
            if (ch == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            cur.append(ch);
        }
        out.add(cur.toString());
        return out.stream().map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static KilnException error(String message) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, message + ".");
    }
}
