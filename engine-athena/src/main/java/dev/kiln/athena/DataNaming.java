package dev.kiln.athena;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a table's data goes below {@code s3_data_dir} ({@code s3_data_naming}, as in
 * dbt-athena). The {@code *unique} schemes give every build a new folder, which is what lets a
 * table be replaced without readers ever missing it; the others reuse one folder per table, so
 * a rebuild drops the old table and its data first.
 */
public enum DataNaming {
    /** {@code s3_data_dir/uuid/} */
    UNIQUE(true),
    /** {@code s3_data_dir/table/} */
    TABLE(false),
    /** {@code s3_data_dir/table/uuid/} */
    TABLE_UNIQUE(true),
    /** {@code s3_data_dir/schema/table/} */
    SCHEMA_TABLE(false),
    /** {@code s3_data_dir/schema/table/uuid/} (the default) */
    SCHEMA_TABLE_UNIQUE(true);

    private final boolean unique;

    DataNaming(boolean unique) {
        this.unique = unique;
    }

    /** The name used in {@code kiln.yml} ({@code schema_table_unique}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether each build gets a folder of its own. */
    public boolean unique() {
        return unique;
    }

    /** The scheme called {@code name} in {@code kiln.yml}, if any. */
    public static Optional<DataNaming> of(String name) {
        return Arrays.stream(values()).filter(n -> n.configName().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** Every scheme's config name, for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(DataNaming::configName).toList());
    }

    /** The folder of a table's data under {@code dataDir}. */
    public S3Uri location(S3Uri dataDir, String schema, String table, UUID uuid) {
        String path = switch (this) {
            case UNIQUE -> uuid.toString();
            case TABLE -> table;
            case TABLE_UNIQUE -> table + "/" + uuid;
            case SCHEMA_TABLE -> schema + "/" + table;
            case SCHEMA_TABLE_UNIQUE -> schema + "/" + table + "/" + uuid;
        };
        return dataDir.resolve(path + "/");
    }
}
