package dev.kiln.ingest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.SourceLoad;
import dev.kiln.spi.Loader;

import java.util.List;
import java.util.Map;

/** Typed access to a load's settings, for loaders. */
final class Settings {

    private final SourceLoad load;
    private final String table;

    /** @param load the settings; @param table names the table in messages ({@code app.users}) */
    Settings(SourceLoad load, String table) {
        this.load = load;
        this.table = table;
    }

    String table() {
        return table;
    }

    SourceLoad load() {
        return load;
    }

    String string(String key) {
        Object v = load.settings().get(key);
        return v == null || String.valueOf(v).isEmpty() ? null : String.valueOf(v);
    }

    String string(String key, String fallback) {
        String v = string(key);
        return v == null ? fallback : v;
    }

    String required(String key) {
        String v = string(key);
        if (v == null) {
            throw new KilnException(ErrorCode.PROJECT_INVALID, "The load of " + table + " has no '" + key + "' ("
                    + load.positionOf(key) + ").");
        }
        return v;
    }

    int integer(String key, int fallback) {
        Object v = load.settings().get(key);
        if (v == null) {
            return fallback;
        }
        return v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).strip());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        Object v = load.settings().get(key);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    List<String> strings(String key) {
        Object v = load.settings().get(key);
        if (v == null) {
            return List.of();
        }
        return v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v));
    }

    /** {@code on_bad_record: skip}. */
    boolean skipBad() {
        return "skip".equals(string("on_bad_record"));
    }

    /** Checks that {@code keys} are present, reporting each missing one. */
    static void require(SourceLoad load, Loader.Problems problems, String what, String... keys) {
        for (String k : keys) {
            Object v = load.settings().get(k);
            if (v == null || String.valueOf(v).isBlank()) {
                problems.error(k, "A '" + what + "' load needs '" + k + "'.", "Add '" + k + ": …' to the table's 'load:' or the source's 'loader:'.");
            }
        }
    }
}
