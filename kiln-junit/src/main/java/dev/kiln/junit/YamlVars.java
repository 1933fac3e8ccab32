package dev.kiln.junit;

import dev.kiln.VarsYaml;

import java.util.Map;

/** The {@code vars} of {@code @KilnTests}, read by {@link VarsYaml}. */
final class YamlVars {

    private static final String EXAMPLE = "Write a mapping, e.g. vars = \"{as_of: 2026-11-01, limit: 10}\".";

    private YamlVars() {
    }

    /** A YAML mapping ({@code {as_of: 2026-11-01}}); empty for null or blank text. */
    static Map<String, Object> mapping(String text) {
        return VarsYaml.mapping(text, "vars", EXAMPLE);
    }
}
