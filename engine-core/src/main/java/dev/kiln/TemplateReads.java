package dev.kiln;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a node's template read while it rendered: each {@code var()} and {@code env_var()} by
 * name, with a sha256 digest of the value it got (never the value itself). Recorded in
 * {@code manifest.json} so that {@code state:modified} notices a node whose vars or environment
 * changed although its SQL did not (see {@code docs/selection.md}).
 *
 * @param vars    var name → digest of its value (the default, when it was not set)
 * @param envVars environment variable name → digest of its value (or of its default)
 */
public record TemplateReads(Map<String, String> vars, Map<String, String> envVars) {

    /** Nothing read. */
    public static final TemplateReads NONE = new TemplateReads(Map.of(), Map.of());

    /** Copies the maps, sorted by name. */
    public TemplateReads {
        vars = java.util.Collections.unmodifiableMap(new TreeMap<>(vars));
        envVars = java.util.Collections.unmodifiableMap(new TreeMap<>(envVars));
    }

    /** Whether nothing was read. */
    public boolean isEmpty() {
        return vars.isEmpty() && envVars.isEmpty();
    }
}
