package dev.kiln.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of {@code --vars}: project variable overrides, in the order written.
 *
 * @param values variable values by name: strings, numbers, booleans, lists, maps or null
 */
public record Vars(Map<String, Object> values) {

    /** Copies {@code values}, keeping order and allowing null values. */
    public Vars {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
