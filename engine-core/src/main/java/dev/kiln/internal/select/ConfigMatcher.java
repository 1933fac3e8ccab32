package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.ResourceType;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code config.KEY:VALUE}: nodes whose final config has that value. Nested keys descend into
 * maps ({@code config.meta.owner:alice}); a list matches when it contains the value
 * ({@code config.tags:daily}, {@code config.unique_key:user_id}); booleans match {@code true} and
 * {@code false} in any case, numbers by value. As in dbt, {@code materialized} has its default
 * when unset ({@code view} for models, {@code seed}, {@code snapshot}, {@code test}), and
 * {@code severity} compares without case ({@code error} for tests without one).
 */
final class ConfigMatcher implements MethodMatcher {

    private final SelectableIndex index;

    ConfigMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        List<String> key = criterion.key();
        String wanted = criterion.value();
        boolean ignoreCase = key.equals(List.of("severity"));
        return MethodMatcher.nodesWhere(index, n -> {
            Object actual = lookup(n, key);
            if (actual instanceof List<?> list) {
                return list.stream().anyMatch(v -> same(v, wanted, ignoreCase));
            }
            return same(actual, wanted, ignoreCase);
        });
    }

    private static Object lookup(CompiledNode node, List<String> key) {
        Object current = node.config().values();
        for (String part : key) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current != null || key.size() != 1 ? current : defaultValue(key.get(0), node.resourceType());
    }

    private static Object defaultValue(String key, ResourceType type) {
        if (key.equals("materialized")) {
            return switch (type) {
                case MODEL -> "view";
                case SEED -> "seed";
                case SNAPSHOT -> "snapshot";
                case TEST -> "test";
                case UNIT_TEST -> "unit";
                default -> null;
            };
        }
        if (key.equals("severity") && type == ResourceType.TEST) {
            return "error";
        }
        if (key.equals("enabled")) {
            return Boolean.TRUE;
        }
        return null;
    }

    private static boolean same(Object actual, String wanted, boolean ignoreCase) {
        if (actual == null || actual instanceof Map<?, ?> || actual instanceof List<?>) {
            return false;
        }
        if (actual instanceof Boolean b) {
            return wanted.equalsIgnoreCase(b.toString());
        }
        if (actual instanceof Number number) {
            return sameNumber(number, wanted);
        }
        String s = actual.toString();
        return ignoreCase ? s.equalsIgnoreCase(wanted) : s.equals(wanted);
    }

    private static boolean sameNumber(Number actual, String wanted) {
        try {
            return new BigDecimal(actual.toString()).compareTo(new BigDecimal(wanted.trim())) == 0;
        } catch (NumberFormatException e) {
            return actual.toString().toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
        }
    }
}
