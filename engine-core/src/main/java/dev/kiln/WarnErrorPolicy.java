package dev.kiln;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which warnings fail the command, as dbt's {@code --warn-error} and
 * {@code --warn-error-options}: a warning that fails is reported, then the command stops with
 * {@link ErrorCode#WARNINGS_AS_ERRORS} (exit 1) before running anything more; a data test that
 * warns ends as a failure. Warnings are named by their {@link Diagnostic#code()}
 * ({@code nothing-selected}) or, where dbt has one, by dbt's event name
 * ({@code NoNodesForSelectionCriteria}); {@code test-warn} names test warnings.
 *
 * @param all   every warning fails (except those in {@code warn})
 * @param error the warnings that fail
 * @param warn  the warnings that stay warnings, even with {@code all}
 */
public record WarnErrorPolicy(boolean all, Set<String> error, Set<String> warn) {

    /** No warning fails (the default). */
    public static final WarnErrorPolicy NONE = new WarnErrorPolicy(false, Set.of(), Set.of());

    /** Every warning fails ({@code --warn-error}). */
    public static final WarnErrorPolicy ALL = new WarnErrorPolicy(true, Set.of(), Set.of());

    /** The code of a data test or unit test that ended in {@code warn}. */
    public static final String TEST_WARN = "test-warn";

    /** dbt's event names for Kiln's warning codes. */
    private static final Map<String, String> DBT_NAMES = Map.of(
            "nothing-selected", "NoNodesForSelectionCriteria",
            TEST_WARN, "LogTestResult");

    /** Copies the sets. */
    public WarnErrorPolicy {
        error = Set.copyOf(error);
        warn = Set.copyOf(warn);
    }

    /** Whether the warning with {@code code} fails the command. */
    public boolean fails(String code) {
        String dbt = DBT_NAMES.get(code);
        if (warn.contains(code) || dbt != null && warn.contains(dbt)) {
            return false;
        }
        return all || error.contains(code) || dbt != null && error.contains(dbt);
    }

    /** Whether any warning can fail the command. */
    public boolean isActive() {
        return all || !error.isEmpty();
    }

    /**
     * Parses {@code --warn-error-options}: a YAML or JSON mapping with {@code error} (or dbt's
     * older {@code include}): {@code all} or a list of names, and {@code warn} (or {@code exclude}):
     * a list of names. Throws {@link KilnException} ({@link ErrorCode#USAGE}) saying what is wrong.
     */
    public static WarnErrorPolicy parse(String options) {
        Object parsed;
        try {
            parsed = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions())).load(options);
        } catch (RuntimeException e) {
            throw usage("is not YAML or JSON");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw usage("must be a mapping");
        }
        boolean all = false;
        Set<String> error = new LinkedHashSet<>();
        Set<String> warn = new LinkedHashSet<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (key) {
                case "error", "include" -> {
                    if ("all".equals(v) || "*".equals(v)) {
                        all = true;
                    } else {
                        error.addAll(names(key, v));
                    }
                }
                case "warn", "exclude" -> warn.addAll(names(key, v));
                case "silence" -> {
                    // dbt's list of warnings not to show; Kiln shows them all, so nothing to fail
                }
                default -> throw usage("has an unknown key '" + key + "' (use error and warn)");
            }
        }
        return new WarnErrorPolicy(all, error, warn);
    }

    private static List<String> names(String key, Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        throw usage("'" + key + "' must be a list of warning names");
    }

    private static KilnException usage(String what) {
        return new KilnException(ErrorCode.USAGE, "--warn-error-options " + what
                + ". Write e.g. --warn-error-options '{error: all, warn: [NoNodesForSelectionCriteria]}'.");
    }
}
