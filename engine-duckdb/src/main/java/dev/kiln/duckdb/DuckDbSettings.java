package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.TargetConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a {@code duckdb} target.
 *
 * @param path       the database file (absolute), or {@code null} for an in-memory database
 * @param schema     the default schema ({@code main})
 * @param settings   DuckDB settings applied with {@code SET} on every connection (e.g. {@code memory_limit})
 * @param extensions extensions to {@code LOAD} (they must be installed or bundled)
 */
public record DuckDbSettings(Path path, String schema, Map<String, Object> settings, List<String> extensions) {

    /** Keys a duckdb target accepts. */
    public static final Set<String> KEYS = Set.of("path", "schema", "threads", "settings", "extensions");

    /** Reads and checks a target's settings; relative paths resolve against {@code projectRoot}. */
    public static DuckDbSettings of(TargetConfig target, Path projectRoot) {
        for (String key : target.settings().keySet()) {
            if (!KEYS.contains(key)) {
                throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, target.position() + ": target '" + target.name()
                        + "' has unknown setting '" + key + "'. A duckdb target accepts: path, schema, threads, settings, extensions.");
            }
        }
        String p = target.string("path").orElse(":memory:");
        Path path = p.equals(":memory:") || p.isBlank() ? null : projectRoot.resolve(p).toAbsolutePath().normalize();
        Map<String, Object> settings = new LinkedHashMap<>();
        Object raw = target.settings().get("settings");
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> settings.put(String.valueOf(k), v));
        } else if (raw != null) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, target.position() + ": 'settings' of target '"
                    + target.name() + "' must be a mapping, e.g. settings: {memory_limit: 4GB}.");
        }
        Object ext = target.settings().get("extensions");
        List<String> extensions = ext instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : ext == null ? List.of() : List.of(String.valueOf(ext));
        return new DuckDbSettings(path, target.schema().orElse("main"), settings, extensions);
    }
}
