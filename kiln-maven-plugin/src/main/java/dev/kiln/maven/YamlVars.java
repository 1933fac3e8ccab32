package dev.kiln.maven;

import dev.kiln.VarsYaml;

import java.util.Map;

/** Var overrides from {@code kiln.vars} and the POM's {@code <vars>}, read by {@link VarsYaml}. */
final class YamlVars {

    private static final String EXAMPLE = "Write a mapping, e.g. -Dkiln.vars=\"{as_of: 2026-11-01, limit: 10}\".";

    private YamlVars() {
    }

    /** A YAML mapping ({@code {as_of: 2026-11-01}}); empty for null or blank text. */
    static Map<String, Object> mapping(String text) {
        return VarsYaml.mapping(text, "kiln.vars", EXAMPLE);
    }

    /** One value as written in a POM element: {@code 10} is a number, {@code [a, b]} a list, text stays text. */
    static Object scalar(String text) {
        return VarsYaml.scalar(text);
    }
}
