package dev.kiln.internal.load;

import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses secrets written into {@code kiln.yml}'s targets, at load time and so for every
 * command (before anything is written or connected): a key that looks like a secret
 * ({@code password}, {@code token}, {@code aws_secret_access_key}, {@code api_key}, …), at any
 * depth of a target, whose value is written in the file rather than read with
 * {@code ${env_var('NAME')}}. The error names the key's place, never its value.
 */
public final class TargetSecrets {

    /** Key names (lower case, {@code -} as {@code _}) that hold secrets. */
    static final Pattern SECRET_KEY = Pattern.compile(
            ".*(password|passwd|secret|token|api_key|apikey|access_key|private_key|credential|session_key).*");

    private TargetSecrets() {
    }

    /** Reports every literal secret under {@code targets:} of the raw (unresolved) {@code kiln.yml}. */
    static void check(YNode doc, YamlReader reader) {
        if (!(doc instanceof YNode.YMap root) || !(root.get("targets") instanceof YNode.YMap targets)) {
            return;
        }
        targets.entries().forEach((name, target) -> walk(name, "", target, reader));
    }

    private static void walk(String target, String path, YNode node, YamlReader reader) {
        if (node instanceof YNode.YMap m) {
            m.entries().forEach((key, value) -> {
                String dotted = path.isEmpty() ? key : path + "." + key;
                if (looksSecret(key) && literal(value)) {
                    reader.error("secret-in-target", m.keyPosition(key), "Target '" + target + "' has '" + dotted
                            + "' written in kiln.yml: secrets are never kept in project files (the value is not shown).",
                            "Remove it and read it from the environment: " + key + ": \"${env_var('"
                                    + envName(target, key) + "')}\" (or use the adapter's credential chain, e.g. AWS profiles).");
                } else {
                    walk(target, dotted, value, reader);
                }
            });
        } else if (node instanceof YNode.YList l) {
            for (int i = 0; i < l.items().size(); i++) {
                walk(target, path + "[" + i + "]", l.items().get(i), reader);
            }
        }
    }

    /** Whether {@code key} names a secret ({@link #SECRET_KEY}, case and {@code -}/{@code _} ignored). */
    public static boolean looksSecret(String key) {
        return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT).replace('-', '_')).matches();
    }

    /** A value written in the file: anything but empty or a scalar read with {@code env_var()}. */
    private static boolean literal(YNode value) {
        if (value instanceof YNode.YScalar s) {
            Object v = s.value();
            return v != null && !String.valueOf(v).isBlank() && !String.valueOf(v).contains("env_var(");
        }
        return value != null;
    }

    private static String envName(String target, String key) {
        return (target + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
