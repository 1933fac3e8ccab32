package dev.kiln.athena;

import java.util.List;
import java.util.Map;

/**
 * A Glue table entry that Kiln writes directly (not through Athena DDL): what
 * {@link Catalog#put} creates or replaces in one call.
 *
 * @param columns      the columns in order, with Hive types ({@code bigint}, {@code string}, {@code decimal(12,2)})
 * @param location     the table's folder
 * @param inputFormat  the Hive input format class
 * @param outputFormat the Hive output format class
 * @param serde        the SerDe class
 * @param parameters   the table parameters
 */
public record TableDefinition(List<Column> columns, S3Uri location, String inputFormat, String outputFormat, String serde,
                              Map<String, String> parameters) {

    /** Input format of a table whose folder holds a manifest listing its data files. */
    public static final String SYMLINK_INPUT = "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat";
    /** Output format that goes with {@link #SYMLINK_INPUT}. */
    public static final String TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
    /** The Parquet SerDe. */
    public static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    /** Input format of a plain Parquet table. */
    public static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    /** Output format of a plain Parquet table. */
    public static final String PARQUET_OUTPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";

    /**
     * A column.
     *
     * @param name     its name
     * @param hiveType its Hive type
     */
    public record Column(String name, String hiveType) {
    }

    /** Copies the list and map. */
    public TableDefinition {
        columns = List.copyOf(columns);
        parameters = Map.copyOf(parameters);
    }

    /** Parquet files listed by a manifest in {@code manifestFolder} (Athena reads the files the manifest names). */
    public static TableDefinition parquetManifest(List<Column> columns, S3Uri manifestFolder, Map<String, String> parameters) {
        return new TableDefinition(columns, manifestFolder, SYMLINK_INPUT, TEXT_OUTPUT, PARQUET_SERDE, parameters);
    }

    /** The Parquet files in {@code folder}. */
    public static TableDefinition parquet(List<Column> columns, S3Uri folder, Map<String, String> parameters) {
        return new TableDefinition(columns, folder, PARQUET_INPUT, PARQUET_OUTPUT, PARQUET_SERDE, parameters);
    }
}
