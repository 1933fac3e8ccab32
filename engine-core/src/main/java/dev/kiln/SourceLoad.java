package dev.kiln;

import java.util.List;
import java.util.Map;

/**
 * How Kiln fills a source table ({@code kiln load}): the source's {@code loader:} block with the
 * table's {@code load:} block laid over it. See {@code docs/loads.md}.
 *
 * @param from      the loader ({@code jdbc}, {@code http}, {@code files}), found with
 *                  {@link java.util.ServiceLoader} as a {@link dev.kiln.spi.Loader}
 * @param settings  every key of both blocks, {@code env_var()} resolved (the table's keys win);
 *                  may hold credentials: never print or write it
 * @param positions where each key is written, for diagnostics
 * @param position  where the table's {@code load:} block is written
 */
public record SourceLoad(String from, Map<String, Object> settings, Map<String, SourcePosition> positions,
                         SourcePosition position) {

    /** Keys every loader accepts, checked by Kiln itself. */
    public static final List<String> COMMON_KEYS = List.of("from", "disposition", "primary_key", "cursor",
            "initial_value", "lag", "schema_contract", "on_bad_record");

    /** Copies the maps. */
    public SourceLoad {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        positions = Map.copyOf(positions);
    }

    /** {@code disposition}: {@code append} (the default), {@code replace} or {@code merge}. */
    public String disposition() {
        return string("disposition", "append");
    }

    /** {@code primary_key}: one column or a list; empty when not set. */
    public List<String> primaryKey() {
        Object v = settings.get("primary_key");
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    /** A setting as text, or {@code fallback} when it is not set. */
    public String string(String key, String fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    /** Where {@code key} is written, or the block's position. */
    public SourcePosition positionOf(String key) {
        return positions.getOrDefault(key, position);
    }

    /** Never shows the settings: they may hold credentials. */
    @Override
    public String toString() {
        return "SourceLoad[from=" + from + ", keys=" + settings.keySet() + "]";
    }
}
