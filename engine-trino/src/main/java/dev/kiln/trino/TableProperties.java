package dev.kiln.trino;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The connector table properties of a model, seed or snapshot, written in the {@code WITH (…)} of
 * its {@code CREATE TABLE}: {@code format} ({@code parquet}, {@code orc}, {@code avro}),
 * {@code partitioning} (Iceberg partition transforms such as {@code day(created_at)},
 * {@code bucket(user_id, 8)}; {@code partitioned_by} is used when it is not set), {@code location}
 * (where the table's files go), and {@code properties}: any other property, as an SQL expression
 * ({@code properties: {sorted_by: "ARRAY['user_id']"}}, as in dbt-trino).
 *
 * @param values property name to SQL expression, in order
 */
record TableProperties(Map<String, String> values) {

    /** Config keys of a trino model read here (declared by {@link TrinoProvider#configKeys()}). */
    static final List<String> KEYS = List.of("format", "partitioning", "location", "properties");

    TableProperties {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The properties of a node's config. */
    static TableProperties of(NodeConfig config, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        config.string("format").ifPresent(f -> out.put("format", quote(f.toUpperCase(Locale.ROOT))));
        List<String> partitioning = config.strings("partitioning");
        if (partitioning.isEmpty()) {
            partitioning = config.strings("partitioned_by");
        }
        if (!partitioning.isEmpty()) {
            StringJoiner array = new StringJoiner(", ", "ARRAY[", "]");
            partitioning.forEach(p -> array.add(quote(p)));
            out.put("partitioning", array.toString());
        }
        config.string("location").ifPresent(l -> out.put("location", quote(l)));
        Object raw = config.values().get("properties");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else if (raw != null) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, what + ": 'properties' must be a mapping of table property"
                    + " to SQL expression, e.g. properties: {sorted_by: \"ARRAY['user_id']\"}.");
        }
        return new TableProperties(out);
    }

    /** {@code \nwith (k = v, …)}, or nothing. */
    String with() {
        if (values.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner(", ", "\nwith (", ")");
        values.forEach((k, v) -> j.add(k + " = " + v));
        return j.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
