package dev.kiln.athena;

/** What kind of relation a Glue table entry describes. */
public enum TableFormat {
    /** A Hive table: files under a location, partitions registered in Glue. */
    HIVE,
    /** An Iceberg table: Athena-managed files, metadata pointed to by {@code metadata_location}. */
    ICEBERG,
    /** A view. */
    VIEW
}
