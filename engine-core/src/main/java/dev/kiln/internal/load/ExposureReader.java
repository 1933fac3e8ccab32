package dev.kiln.internal.load;

import dev.kiln.Diagnostic;
import dev.kiln.Exposure;
import dev.kiln.NodeOrigin;
import dev.kiln.SourcePosition;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one entry of {@code exposures:} as dbt writes it (name, label, type, owner, description,
 * depends_on, url, maturity, tags, meta, config) plus Kiln's {@code sync:}, {@code report:} and
 * {@code serve:} blocks. {@code env_var()} in the entry is resolved here: in {@code config}
 * always, in the rest only when the exposure is enabled (a disabled sync need not have its
 * token set).
 */
final class ExposureReader {

    static final Set<String> KEYS = Set.of("name", "label", "type", "owner", "description", "depends_on", "url",
            "maturity", "tags", "meta", "config", "sync", "report", "serve");
    static final Set<String> TYPES = Set.of("dashboard", "notebook", "analysis", "ml", "application");
    static final Set<String> MATURITIES = Set.of("high", "medium", "low");
    private static final Set<String> OWNER = Set.of("name", "email");
    private static final Set<String> CONFIG = Set.of("enabled", "tags", "meta");

    private final String project;
    private final YamlReader reader;
    private final EnvVarResolver envVars;

    /**
     * @param project the project's name
     * @param reader  where problems go
     * @param envVars resolves {@code env_var()}, or {@code null} when the file has none
     */
    ExposureReader(String project, YamlReader reader, EnvVarResolver envVars) {
        this.project = project;
        this.reader = reader;
        this.envVars = envVars;
    }

    /** The entry, or {@code null} when it is too broken to use (the problems are reported). */
    ExposureDecl read(YNode node, Path file) {
        YNode.YMap raw = reader.map(node, "An exposure entry");
        if (raw == null) {
            return null;
        }
        reader.checkKeys(raw, KEYS, "an exposure entry");
        YNode.YMap config = reader.map(resolve(raw.get("config"), reader), "'config' of an exposure");
        reader.checkKeys(config, CONFIG, "the config of an exposure");
        boolean enabled = enabled(config);
        // the rest: a missing variable matters only when the exposure runs
        List<Diagnostic> envProblems = new ArrayList<>();
        YNode.YMap m = (YNode.YMap) resolve(raw, new YamlReader(envProblems));
        if (enabled) {
            envProblems.forEach(d -> reader.diagnostics().add(d));
        }
        String name = reader.required(m, "name", "An exposure entry");
        if (name == null) {
            return null;
        }
        if (!name.matches("[A-Za-z0-9_]+")) {
            reader.error("bad-name", m.keyPosition("name"), "Exposure name '" + name
                    + "' may hold only letters, digits and underscores.", "Rename it, e.g. '"
                    + name.replaceAll("[^A-Za-z0-9_]", "_") + "'.");
        }
        String what = "exposure '" + name + "'";
        String type = text(m, "type", what);
        if (type.isEmpty()) {
            reader.error("missing-key", m.position(), what + " is missing 'type'.",
                    "Add 'type: …', one of " + String.join(", ", TYPES.stream().sorted().toList()) + ".");
        } else if (!TYPES.contains(type)) {
            reader.error("bad-value", m.get("type").position(), what + " has type '" + type + "'.",
                    dev.kiln.internal.util.Suggest.didYouMean(type, TYPES,
                            "Use one of " + String.join(", ", TYPES.stream().sorted().toList()) + "."));
        }
        String maturity = text(m, "maturity", what);
        if (!maturity.isEmpty() && !MATURITIES.contains(maturity)) {
            reader.error("bad-value", m.get("maturity").position(), what + " has maturity '" + maturity + "'.",
                    "Use high, medium or low.");
        }
        List<ExposureDecl.Dependency> deps = new ArrayList<>();
        for (YNode d : reader.list(m.get("depends_on"), "'depends_on' of " + what)) {
            String s = reader.string(d, "An item of 'depends_on'");
            if (s != null) {
                deps.add(new ExposureDecl.Dependency(s.strip(), d.position()));
            }
        }
        List<String> tags = new ArrayList<>(reader.strings(m.get("tags"), "'tags' of " + what));
        Map<String, Object> meta = new LinkedHashMap<>(plainMap(m.get("meta"), "'meta' of " + what));
        if (config != null) {
            reader.strings(config.get("tags"), "'config.tags' of " + what).forEach(t -> {
                if (!tags.contains(t)) {
                    tags.add(t);
                }
            });
            meta.putAll(plainMap(config.get("meta"), "'config.meta' of " + what));
        }
        meta.values().removeIf(java.util.Objects::isNull);
        Map<String, SourcePosition> positions = new LinkedHashMap<>();
        collectPositions(m, "", positions);
        Exposure e = new Exposure("exposure." + project + "." + name, name, text(m, "label", what), type,
                owner(m.get("owner"), what), text(m, "description", what).strip(), List.of(), text(m, "url", what),
                maturity, tags, meta, enabled, block(m, "sync", what), block(m, "report", what), block(m, "serve", what),
                positions, new NodeOrigin(file, m.position(), List.of(project, name)));
        return new ExposureDecl(e, deps);
    }

    private YNode resolve(YNode node, YamlReader into) {
        return envVars == null || node == null ? node : envVars.resolveTree(node, into);
    }

    /** {@code config.enabled}: a boolean, or a string saying true or false (from {@code env_var()}). */
    private boolean enabled(YNode.YMap config) {
        YNode node = config == null ? null : config.get("enabled");
        if (node == null || node instanceof YNode.YScalar s && s.value() == null) {
            return true;
        }
        if (node instanceof YNode.YScalar s) {
            if (s.value() instanceof Boolean b) {
                return b;
            }
            String v = s.text().strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) {
                return v.equals("true");
            }
            reader.error("bad-value", config.keyPosition("enabled"), "config.enabled of an exposure is '" + s.text()
                    + "', which is neither true nor false.", "Write true or false, or an env_var() that yields one"
                    + " (e.g. \"${env_var('SYNC_ON', 'false')}\").");
            return false;
        }
        reader.error("wrong-type", node.position(), "config.enabled of an exposure must be true or false, not "
                + node.kind() + ".", null);
        return false;
    }

    private String text(YNode.YMap m, String key, String what) {
        String s = reader.string(m, key, "'" + key + "' of " + what);
        return s == null ? "" : s;
    }

    private Exposure.Owner owner(YNode node, String what) {
        YNode.YMap o = reader.map(node, "'owner' of " + what);
        if (o == null) {
            return Exposure.Owner.NONE;
        }
        reader.checkKeys(o, OWNER, "the owner of " + what);
        String n = reader.string(o, "name", "'owner.name'");
        String e = reader.string(o, "email", "'owner.email'");
        return new Exposure.Owner(n == null ? "" : n, e == null ? "" : e);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plainMap(YNode node, String what) {
        YNode.YMap map = reader.map(node, what);
        return map == null ? Map.of() : (Map<String, Object>) map.plain();
    }

    private Map<String, Object> block(YNode.YMap m, String key, String what) {
        if (m.get(key) == null) {
            return null;
        }
        YNode.YMap b = reader.map(m.get(key), "'" + key + "' of " + what);
        if (b == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) b.plain();
        return java.util.Collections.unmodifiableMap(plain);
    }

    /** Every key's position by dotted path; list items as {@code key[i]}. */
    private static void collectPositions(YNode node, String prefix, Map<String, SourcePosition> out) {
        if (node instanceof YNode.YMap map) {
            map.entries().forEach((k, v) -> {
                String path = prefix.isEmpty() ? k : prefix + "." + k;
                out.put(path, map.keyPosition(k));
                collectPositions(v, path, out);
            });
        } else if (node instanceof YNode.YList list) {
            for (int i = 0; i < list.items().size(); i++) {
                String path = prefix + "[" + i + "]";
                out.put(path, list.items().get(i).position());
                collectPositions(list.items().get(i), path, out);
            }
        }
    }
}
