package dev.kiln.athena;

import java.util.List;

/**
 * A Hive partition registered in Glue.
 *
 * @param values   its values, as text, in the order of the partition keys
 * @param location the folder of its files
 */
public record Partition(List<String> values, S3Uri location) {

    /** Copies the values. */
    public Partition {
        values = List.copyOf(values);
    }
}
