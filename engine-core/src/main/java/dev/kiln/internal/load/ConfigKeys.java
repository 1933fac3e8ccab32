package dev.kiln.internal.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every configuration key Kiln understands, and how configs from several levels merge.
 * The reference of each key is {@code docs/reference.md}.
 */
public final class ConfigKeys {

    /** Kiln's own keys valid on models, seeds and snapshots. */
    public static final Set<String> CORE_NODE = Set.of(
            "materialized", "schema", "database", "alias", "tags", "enabled", "meta", "docs",
            "unique_key", "incremental_strategy", "on_schema_change", "full_refresh", "partitioned_by",
            "incremental_predicates", "contract", "pre_hook", "post_hook", "persist_docs", "grants",
            // in-run retries of transient failures (docs/production.md)
            "retries", "retry_delay",
            // seeds
            "column_types", "delimiter", "quote_columns",
            // snapshots
            "strategy", "updated_at", "check_cols", "hard_deletes", "snapshot_meta_column_names",
            // data tests that apply to every test of a node
            "store_failures", "severity");

    /**
     * Keys valid on models, seeds and snapshots: Kiln's own and those the adapters on the class
     * path declare ({@link dev.kiln.spi.AdapterProvider#configKeys()}).
     */
    public static final Set<String> NODE = withAdapterKeys(CORE_NODE);

    /** dbt's other spellings of config keys ({@code +pre-hook} in dbt_project.yml), by the key Kiln stores. */
    public static final Map<String, String> SPELLINGS = Map.of("pre-hook", "pre_hook", "post-hook", "post_hook");

    /** The node keys with dbt's other spellings: what a YAML {@code config:} or {@code kiln.yml} may write. */
    public static final Set<String> NODE_SPELLINGS = withSpellings(NODE);

    /** Keys whose values add up over the levels (project, YAML, file) instead of replacing: the hooks. */
    public static final Set<String> HOOKS = Set.of("pre_hook", "post_hook");

    /** Keys valid on data tests. */
    public static final Set<String> TEST = Set.of(
            "severity", "warn_if", "error_if", "where", "limit", "store_failures", "tags", "enabled", "meta",
            "schema", "alias", "fail_calc");

    /** Values {@code materialized} may take. */
    public static final Set<String> MATERIALIZATIONS = Set.of("view", "table", "incremental", "ephemeral");

    private ConfigKeys() {
    }

    /** The key Kiln stores for {@code key}: {@code pre_hook} for {@code pre-hook}, else the key itself. */
    public static String canonical(String key) {
        return SPELLINGS.getOrDefault(key, key);
    }

    /** {@code config} with every key in its {@link #canonical} spelling, keeping the order. */
    public static Map<String, Object> canonical(Map<String, Object> config) {
        if (config.keySet().stream().noneMatch(SPELLINGS::containsKey)) {
            return config;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            String key = canonical(k);
            out.put(key, HOOKS.contains(key) && out.containsKey(key) ? concat(out.get(key), v) : v);
        });
        return out;
    }

    private static Set<String> withSpellings(Set<String> keys) {
        java.util.Set<String> all = new java.util.HashSet<>(keys);
        SPELLINGS.forEach((spelling, key) -> {
            if (keys.contains(key)) {
                all.add(spelling);
            }
        });
        return Set.copyOf(all);
    }

    /** Hooks of two levels, outer first: each may be one hook or a list of them. */
    static List<Object> concat(Object outer, Object inner) {
        List<Object> all = new java.util.ArrayList<>();
        for (Object v : new Object[] {outer, inner}) {
            if (v instanceof List<?> l) {
                all.addAll(l);
            } else if (v != null) {
                all.add(v);
            }
        }
        return List.copyOf(all);
    }

    private static Set<String> withAdapterKeys(Set<String> core) {
        java.util.Set<String> all = new java.util.HashSet<>(core);
        var providers = java.util.ServiceLoader.load(dev.kiln.spi.AdapterProvider.class, ConfigKeys.class.getClassLoader())
                .iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                all.addAll(providers.next().configKeys());
            } catch (java.util.ServiceConfigurationError e) {
                // an adapter that cannot be loaded declares nothing; opening its target reports why
            }
        }
        return Set.copyOf(all);
    }

    /**
     * Merges {@code override} over {@code base}: {@code tags} are added up (without duplicates),
     * {@code meta} maps are merged, hooks ({@code pre_hook}, {@code post_hook}) are appended
     * (the outer level's run first, as in dbt), every other key is replaced.
     */
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        if (override.isEmpty()) {
            return base;
        }
        Map<String, Object> out = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if ("tags".equals(key)) {
                out.put(key, mergeTags(out.get(key), value));
            } else if (HOOKS.contains(key)) {
                out.put(key, concat(out.get(key), value));
            } else if ("meta".equals(key) && out.get(key) instanceof Map<?, ?> m1 && value instanceof Map<?, ?> m2) {
                Map<Object, Object> meta = new LinkedHashMap<>(m1);
                meta.putAll(m2);
                out.put(key, meta);
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    private static List<String> mergeTags(Object a, Object b) {
        java.util.LinkedHashSet<String> tags = new java.util.LinkedHashSet<>();
        addTags(tags, a);
        addTags(tags, b);
        return List.copyOf(tags);
    }

    private static void addTags(java.util.Set<String> into, Object v) {
        if (v instanceof List<?> l) {
            l.forEach(x -> into.add(String.valueOf(x)));
        } else if (v != null) {
            into.add(String.valueOf(v));
        }
    }
}
