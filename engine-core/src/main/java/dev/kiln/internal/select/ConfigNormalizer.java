package dev.kiln.internal.select;

import dev.kiln.ResourceType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts a node config into a canonical form so that a config read back from JSON compares
 * equal to the same config loaded from YAML and templates: keys sorted, numbers by value
 * ({@code 3}, {@code 3L} and {@code 3.0} agree), unset, empty and default values dropped
 * ({@code tags: []}, {@code enabled: true}, the resource type's default {@code materialized}).
 * Splits the config into its relation part ({@code database}, {@code schema}, {@code alias})
 * and everything else, as dbt's {@code state:modified.relation} and {@code .configs} do.
 */
final class ConfigNormalizer {

    /** Keys that decide where a node is materialized. */
    static final Set<String> RELATION_KEYS = Set.of("database", "schema", "alias");

    private ConfigNormalizer() {
    }

    /** The canonical config without the relation keys. */
    static Map<String, Object> settings(Map<String, ?> config, ResourceType type) {
        Map<String, Object> out = new TreeMap<>();
        config.forEach((k, v) -> {
            Object c = canonical(v);
            if (!RELATION_KEYS.contains(k) && !StateComparator.READS_KEY.equals(k) && !isEmpty(c) && !isDefault(k, c, type)) {
                out.put(k, c);
            }
        });
        return out;
    }

    /** The canonical relation keys only. */
    static Map<String, Object> relation(Map<String, ?> config) {
        Map<String, Object> out = new TreeMap<>();
        for (String k : RELATION_KEYS) {
            Object c = canonical(config.get(k));
            if (!isEmpty(c)) {
                out.put(k, c);
            }
        }
        return out;
    }

    /** A value in canonical form: maps sorted, collections as lists, numbers as plain strings. */
    static Object canonical(Object v) {
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, x) -> {
                Object c = canonical(x);
                if (!isEmpty(c)) {
                    out.put(String.valueOf(k), c);
                }
            });
            return out;
        }
        if (v instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(canonical(x)));
            return out;
        }
        if (v instanceof Object[] array) {
            return canonical(List.of(array));
        }
        if (v instanceof Number n) {
            try {
                BigDecimal d = new BigDecimal(n.toString()).stripTrailingZeros();
                return d.toPlainString();
            } catch (NumberFormatException e) {
                return n.toString();
            }
        }
        return v.toString();
    }

    private static boolean isEmpty(Object c) {
        return c == null || (c instanceof Map<?, ?> m && m.isEmpty()) || (c instanceof List<?> l && l.isEmpty());
    }

    private static boolean isDefault(String key, Object c, ResourceType type) {
        if (key.equals("enabled")) {
            return Boolean.TRUE.equals(c) || "true".equals(c);
        }
        if (key.equals("materialized")) {
            String byDefault = switch (type) {
                case MODEL -> "view";
                case SEED -> "seed";
                case SNAPSHOT -> "snapshot";
                case TEST -> "test";
                default -> null;
            };
            return c.equals(byDefault);
        }
        return false;
    }
}
