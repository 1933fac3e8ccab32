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
 * @param attach     other database files to {@code ATTACH} (to read another target's relations, e.g. with {@code --defer})
 */
public record DuckDbSettings(Path path, String schema, Map<String, Object> settings, List<String> extensions,
                             List<Attachment> attach) {

    /** Keys a duckdb target accepts. */
    public static final Set<String> KEYS = Set.of("path", "schema", "threads", "settings", "extensions", "attach");

    /**
     * A database file attached to every connection, as dbt-duckdb's {@code attach}.
     *
     * @param path     the file (absolute)
     * @param alias    the catalog name it is attached as: by default its file name without extension,
     *                 which is how relations of the target that builds it are qualified
     * @param readOnly whether it is attached {@code READ_ONLY} (then other processes may read it too)
     */
    public record Attachment(Path path, String alias, boolean readOnly) {
    }

    /** The settings without attachments. */
    public DuckDbSettings(Path path, String schema, Map<String, Object> settings, List<String> extensions) {
        this(path, schema, settings, extensions, List.of());
    }

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
        return new DuckDbSettings(path, target.schema().orElse("main"), settings, extensions,
                attachments(target, projectRoot, path == null ? "memory" : DuckDbDialect.catalogOf(path)));
    }

    /** {@code attach: [{path: FILE, alias: NAME, read_only: true}]}, or a list of file paths. */
    private static List<Attachment> attachments(TargetConfig target, Path projectRoot, String ownCatalog) {
        Object raw = target.settings().get("attach");
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw badAttach(target, "'attach' must be a list");
        }
        List<Attachment> out = new java.util.ArrayList<>();
        for (Object item : list) {
            Map<?, ?> m = item instanceof Map<?, ?> map ? map : Map.of("path", String.valueOf(item));
            for (Object k : m.keySet()) {
                if (!Set.of("path", "alias", "read_only").contains(String.valueOf(k))) {
                    throw badAttach(target, "unknown key '" + k + "' in 'attach'");
                }
            }
            Object p = m.get("path");
            if (p == null || String.valueOf(p).isBlank()) {
                throw badAttach(target, "every 'attach' entry needs a 'path'");
            }
            Path file = projectRoot.resolve(String.valueOf(p)).toAbsolutePath().normalize();
            String alias = m.get("alias") != null ? String.valueOf(m.get("alias")) : DuckDbDialect.catalogOf(file);
            if (alias.equalsIgnoreCase(ownCatalog)) {
                throw badAttach(target, "'attach' of " + p + " would be named '" + alias
                        + "', the name of this target's own database; give it an 'alias' (or the file another name)");
            }
            out.add(new Attachment(file, alias, Boolean.parseBoolean(String.valueOf(m.get("read_only")))));
        }
        return List.copyOf(out);
    }

    private static KilnException badAttach(TargetConfig target, String what) {
        return new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, target.position() + ": target '" + target.name() + "': "
                + what + ", e.g. attach: [{path: target/prod.duckdb, read_only: true}].");
    }
}
