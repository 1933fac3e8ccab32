package dev.kiln;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry under {@code targets:} in {@code kiln.yml}, with {@code env_var()} already
 * resolved.
 *
 * @param name     the target's name ({@code dev}, {@code prod})
 * @param type     the adapter type ({@code duckdb}, {@code athena})
 * @param settings every other key, as written (e.g. {@code path}, {@code region}, {@code threads})
 * @param position where it is declared
 */
public record TargetConfig(String name, String type, Map<String, Object> settings, SourcePosition position) {

    /** Copies {@code settings} into an unmodifiable map. */
    public TargetConfig {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A string setting, if set. */
    public Optional<String> string(String key) {
        Object v = settings.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /** {@code schema}, if set. */
    public Optional<String> schema() {
        return string("schema");
    }

    /** {@code threads}, defaulting to 1 (validated as a positive number when loaded). */
    public int threads() {
        return string("threads").map(Integer::parseInt).orElse(1);
    }
}
