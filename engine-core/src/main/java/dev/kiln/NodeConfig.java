package dev.kiln;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolved configuration of a node: folder config from {@code kiln.yml}, then YAML
 * {@code config:}, then {@code <@config>} in the model file, each overriding the last
 * (tags and meta are merged). Keys use dbt's names; see {@code docs/reference.md}.
 *
 * @param values the configuration, by key; values are strings, numbers, booleans, lists or maps
 */
public record NodeConfig(Map<String, Object> values) {

    /** The empty configuration. */
    public static final NodeConfig EMPTY = new NodeConfig(Map.of());

    /** Copies {@code values} into an unmodifiable map that keeps the key order. */
    public NodeConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** One value, if set. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** One value as a string, if set. */
    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    /** A boolean value, or {@code fallback} when unset. */
    public boolean flag(String key, boolean fallback) {
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        return v == null ? fallback : Boolean.parseBoolean(String.valueOf(v));
    }

    /** A value that may be written as one string or as a list of strings. */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(v));
    }

    /** {@code materialized}, defaulting to {@code view}. */
    public String materialized() {
        return string("materialized").orElse("view");
    }

    /** {@code schema}, if set. */
    public Optional<String> schema() {
        return string("schema");
    }

    /** {@code alias}, if set. */
    public Optional<String> alias() {
        return string("alias");
    }

    /** {@code tags}, in the order they were declared, without duplicates. */
    public List<String> tags() {
        return strings("tags");
    }

    /** {@code enabled}, defaulting to true. */
    public boolean enabled() {
        return flag("enabled", true);
    }

    /** {@code unique_key}: one column or several. */
    public List<String> uniqueKey() {
        return strings("unique_key");
    }

    /** A new configuration with {@code key} set to {@code value}. */
    public NodeConfig with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new NodeConfig(copy);
    }
}
