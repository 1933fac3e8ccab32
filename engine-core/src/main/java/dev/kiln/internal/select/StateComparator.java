package dev.kiln.internal.select;

import dev.kiln.ColumnSpec;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Exposure;
import dev.kiln.ResourceType;
import dev.kiln.TemplateReads;
import dev.kiln.internal.render.MacroCalls;
import dev.kiln.internal.util.Checksums;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.internal.state.RecordedExposure;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares nodes with an earlier manifest ({@code --state}): their checksum
 * ({@link Checksums#of}), their config (see {@link ConfigNormalizer}), the macros they call
 * (which ones, and each one's definition), the vars and env vars their template read (by a
 * digest of the value) and their contract (the {@code contract} config and, when enforced, the
 * declared column names and types). An exposure is compared by its manifest entry. Each node is
 * compared once, when first asked.
 */
final class StateComparator {

    /** Where {@code manifest.json} records what a node's template read; not a setting. */
    static final String READS_KEY = "kiln_reads";

    private final PreviousManifest previous;
    private final Path projectRoot;
    private final CompiledProject project;
    private MacroCalls macros;
    private Map<String, String> macroSql;
    private final Map<String, StateDiff> diffs = new HashMap<>();

    StateComparator(PreviousManifest previous, Path projectRoot, CompiledProject project) {
        this.previous = previous;
        this.projectRoot = projectRoot;
        this.project = project;
    }

    /** How {@code node} differs from its earlier state. */
    StateDiff diff(CompiledNode node) {
        return diffs.computeIfAbsent(node.uniqueId(), id -> compare(node));
    }

    private StateDiff compare(CompiledNode node) {
        if (node.resourceType() == ResourceType.EXPOSURE) {
            return compareExposure(node);
        }
        Optional<PreviousManifest.NodeState> before = previous.node(node.uniqueId());
        if (before.isEmpty()) {
            return StateDiff.NEW;
        }
        PreviousManifest.NodeState old = before.get();
        boolean body = old.checksum() == null || !old.checksum().equals(Checksums.of(node.node(), projectRoot));
        Map<String, Object> oldConfig = old.config() == null ? Map.of() : old.config();
        Map<String, Object> newConfig = node.config().values();
        boolean configs = !ConfigNormalizer.settings(oldConfig, node.resourceType())
                .equals(ConfigNormalizer.settings(newConfig, node.resourceType()));
        boolean relation = !ConfigNormalizer.relation(oldConfig).equals(ConfigNormalizer.relation(newConfig));
        return new StateDiff(false, body, configs, relation, macrosChanged(node, old), readsChanged(node, oldConfig),
                contractChanged(node, old, oldConfig));
    }

    /** A different set of macros, or one of them defined differently (or not recorded before). */
    private boolean macrosChanged(CompiledNode node, PreviousManifest.NodeState old) {
        List<String> now = macros().calledBy(node.node());
        if (!now.equals(old.macros().stream().sorted().toList())) {
            return true;
        }
        for (String id : now) {
            if (!previous.macroSql(id).map(sql -> sql.equals(macroSql.get(id))).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private MacroCalls macros() {
        if (macros == null) {
            macros = new MacroCalls(project.project());
            macroSql = macros.sqlById();
        }
        return macros;
    }

    /** The vars or env vars the template read, or their values, differ from what was recorded. */
    private boolean readsChanged(CompiledNode node, Map<String, Object> oldConfig) {
        TemplateReads now = project.reads(node.uniqueId());
        Map<String, Object> current = new LinkedHashMap<>();
        if (!now.isEmpty()) {
            current.put("vars", now.vars());
            current.put("env_vars", now.envVars());
        }
        Object recorded = oldConfig.get(READS_KEY);
        return !ConfigNormalizer.canonical(current).equals(ConfigNormalizer.canonical(recorded == null ? Map.of() : recorded));
    }

    /**
     * As dbt's {@code state:modified.contract}: the {@code contract} config changed, or the
     * contract is enforced and a declared column was added, removed or retyped.
     */
    private static boolean contractChanged(CompiledNode node, PreviousManifest.NodeState old, Map<String, Object> oldConfig) {
        Object before = ConfigNormalizer.canonical(oldConfig.get("contract"));
        Object now = ConfigNormalizer.canonical(node.config().values().get("contract"));
        if (!Objects.equals(empty(before), empty(now))) {
            return true;
        }
        if (!enforced(now)) {
            return false;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (ColumnSpec c : node.node().docs().columns()) {
            columns.put(c.name(), c.dataType() == null ? "" : c.dataType());
        }
        return !normalized(columns).equals(normalized(old.columns()));
    }

    private static Object empty(Object canonical) {
        return canonical instanceof Map<?, ?> m && m.isEmpty() ? null : canonical;
    }

    private static boolean enforced(Object contract) {
        return contract instanceof Map<?, ?> m && "true".equalsIgnoreCase(String.valueOf(m.get("enforced")));
    }

    private static Map<String, String> normalized(Map<String, String> columns) {
        Map<String, String> out = new java.util.TreeMap<>();
        columns.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v.strip().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    /** An exposure is new when the earlier manifest lacks it, else compared by its whole entry. */
    private StateDiff compareExposure(CompiledNode node) {
        Optional<Map<String, Object>> before = previous.exposure(node.uniqueId());
        Exposure e = project.project().exposures().get(node.uniqueId());
        if (before.isEmpty() || e == null) {
            return StateDiff.NEW;
        }
        Map<String, Object> now = new LinkedHashMap<>(RecordedExposure.of(project.project(), e));
        Map<String, Object> old = new LinkedHashMap<>(before.get());
        boolean configs = !ConfigNormalizer.canonical(now.remove("config")).equals(ConfigNormalizer.canonical(old.remove("config")));
        for (String volatileKey : List.of("created_at", "unrendered_config")) {
            now.remove(volatileKey);
            old.remove(volatileKey);
        }
        boolean body = !ConfigNormalizer.canonical(now).equals(ConfigNormalizer.canonical(old));
        return new StateDiff(false, body, configs, false, false, false, false);
    }
}
