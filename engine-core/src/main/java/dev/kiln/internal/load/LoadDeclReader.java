package dev.kiln.internal.load;

import dev.kiln.SourceLoad;
import dev.kiln.SourcePosition;
import dev.kiln.internal.util.Plugins;
import dev.kiln.internal.util.Suggest;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;
import dev.kiln.spi.Loader;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a source's {@code loader:} block and a table's {@code load:} block into a
 * {@link SourceLoad}, checking every key where it is written: the keys common to all loaders
 * here, the rest by the {@link Loader} that {@code from:} names.
 */
final class LoadDeclReader {

    private static final Set<String> DISPOSITIONS = Set.of("append", "replace", "merge");
    private static final Set<String> CONTRACTS = Set.of("evolve", "freeze", "discard_row");
    private static final Set<String> ON_BAD = Set.of("fail", "skip");

    private final YamlReader reader;

    LoadDeclReader(YamlReader reader) {
        this.reader = reader;
    }

    /** The loaders on the class path, by name (looked up through util, so load does not depend on ingest). */
    private static Map<String, Loader> loaders() {
        return Plugins.byName(Loader.class, Loader::name);
    }

    /**
     * The load of a table, or {@code null} when the table has no {@code load:} block (or it has
     * errors, which are reported).
     *
     * @param sourceLoader the source's {@code loader:} when it is a mapping, else {@code null}
     * @param tableLoad    the table's {@code load:}
     * @param what         names the table in messages ({@code source 'app', table 'users'})
     */
    SourceLoad read(YNode.YMap sourceLoader, YNode tableLoad, String what) {
        if (tableLoad == null) {
            return null;
        }
        YNode.YMap load = reader.map(tableLoad, "'load' of " + what);
        if (load == null && !(tableLoad instanceof YNode.YScalar s && s.value() == null)) {
            return null;
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, SourcePosition> positions = new LinkedHashMap<>();
        for (YNode.YMap m : new YNode.YMap[] {sourceLoader, load}) {
            if (m != null) {
                m.entries().forEach((k, v) -> {
                    settings.put(k, v.plain());
                    positions.put(k, v.position());
                });
            }
        }
        SourcePosition at = load != null ? load.position() : tableLoad.position();
        int before = reader.diagnostics().size();
        Object from = settings.get("from");
        if (from == null || String.valueOf(from).isBlank()) {
            reader.error("missing-key", at, "The load of " + what + " has no 'from:'.",
                    "Add 'from: jdbc', 'from: http' or 'from: files' to the source's 'loader:' or to the table's 'load:'.");
            return null;
        }
        Loader loader = loaders().get(String.valueOf(from));
        if (loader == null) {
            reader.error("unknown-loader", positions.get("from"), "No loader for 'from: " + from + "' (" + what + ").",
                    Suggest.didYouMean(String.valueOf(from), loaders().keySet(), "Loaders on the class path: "
                            + (loaders().isEmpty() ? "none (add dev.kiln:kiln-ingest)" : String.join(", ", new TreeSet<>(loaders().keySet())))
                            + "."));
            return null;
        }
        Set<String> allowed = new LinkedHashSet<>(SourceLoad.COMMON_KEYS);
        allowed.addAll(loader.keys());
        for (YNode.YMap m : new YNode.YMap[] {sourceLoader, load}) {
            reader.checkKeys(m, allowed, "the load of " + what + " (from: " + from + ")");
        }
        SourceLoad result = new SourceLoad(String.valueOf(from), settings, positions, at);
        checkCommon(result, what);
        loader.validate(result, (key, message, hint) -> reader.error("bad-load", result.positionOf(key),
                message + " (" + what + ")", hint));
        return reader.diagnostics().size() == before || !hasErrors(before) ? result : null;
    }

    private boolean hasErrors(int from) {
        List<dev.kiln.Diagnostic> all = reader.diagnostics();
        synchronized (all) {
            for (int i = from; i < all.size(); i++) {
                if (all.get(i).severity() == dev.kiln.Diagnostic.Severity.ERROR) {
                    return true;
                }
            }
        }
        return false;
    }

    private void checkCommon(SourceLoad l, String what) {
        oneOf(l, "disposition", DISPOSITIONS, what);
        oneOf(l, "schema_contract", CONTRACTS, what);
        oneOf(l, "on_bad_record", ON_BAD, what);
        if ("merge".equals(l.disposition()) && l.primaryKey().isEmpty()) {
            reader.error("bad-load", l.positionOf("disposition"), "'disposition: merge' needs a 'primary_key' (" + what + ").",
                    "Add 'primary_key: id' (or a list of columns) to the table's 'load:'.");
        }
        Object lag = l.settings().get("lag");
        if (lag != null && !(lag instanceof Number n && n.doubleValue() >= 0)
                && !String.valueOf(lag).matches("\\d+\\s*(second|minute|hour|day)s?")) {
            reader.error("bad-load", l.positionOf("lag"), "'lag: " + lag + "' is neither a number nor a duration (" + what + ").",
                    "Write a number (subtracted from a numeric cursor) or a duration such as '2 hours' or '1 day'.");
        }
        if (l.settings().containsKey("initial_value") && !l.settings().containsKey("cursor")) {
            reader.error("bad-load", l.positionOf("initial_value"), "'initial_value' without a 'cursor' (" + what + ").",
                    "Add 'cursor: COLUMN', the column whose largest value loaded is remembered.");
        }
    }

    private void oneOf(SourceLoad l, String key, Set<String> allowed, String what) {
        Object v = l.settings().get(key);
        if (v != null && !allowed.contains(String.valueOf(v))) {
            reader.error("bad-load", l.positionOf(key), "'" + key + ": " + v + "' is not one of "
                    + String.join(", ", new TreeSet<>(allowed)) + " (" + what + ").",
                    Suggest.didYouMean(String.valueOf(v), allowed, null));
        }
    }
}
