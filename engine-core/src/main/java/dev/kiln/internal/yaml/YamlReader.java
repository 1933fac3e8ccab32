package dev.kiln.internal.yaml;

import dev.kiln.Diagnostic;
import dev.kiln.SourcePosition;
import dev.kiln.internal.util.Suggest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to a {@link YNode} tree that turns every mismatch into a diagnostic with
 * the value's position, so that one pass reports every problem of a file.
 */
public final class YamlReader {

    private final List<Diagnostic> diagnostics;

    /** @param diagnostics where problems are added */
    public YamlReader(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The list problems are added to. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Adds an error. */
    public void error(String code, SourcePosition at, String message, String hint) {
        diagnostics.add(Diagnostic.error(code, at, message, hint));
    }

    /** Adds a warning. */
    public void warning(String code, SourcePosition at, String message, String hint) {
        diagnostics.add(Diagnostic.warning(code, at, message, hint));
    }

    /** {@code node} as a mapping, or {@code null} after an error naming {@code what}. Null input stays null. */
    public YNode.YMap map(YNode node, String what) {
        if (node == null || node instanceof YNode.YScalar s && s.value() == null) {
            return null;
        }
        if (node instanceof YNode.YMap m) {
            return m;
        }
        error("wrong-type", node.position(), what + " must be a mapping, not " + node.kind() + ".", null);
        return null;
    }

    /** {@code node} as a list; a single scalar counts as a list of one. Null gives an empty list. */
    public List<YNode> list(YNode node, String what) {
        if (node == null || node instanceof YNode.YScalar s && s.value() == null) {
            return List.of();
        }
        if (node instanceof YNode.YList l) {
            return l.items();
        }
        if (node instanceof YNode.YScalar) {
            return List.of(node);
        }
        error("wrong-type", node.position(), what + " must be a list, not " + node.kind() + ".", null);
        return List.of();
    }

    /** A scalar as text, or {@code null} (with an error if it is a mapping or list). */
    public String string(YNode node, String what) {
        if (node == null) {
            return null;
        }
        if (node instanceof YNode.YScalar s) {
            return s.value() == null ? null : String.valueOf(s.value());
        }
        error("wrong-type", node.position(), what + " must be a single value, not " + node.kind() + ".", null);
        return null;
    }

    /** {@code map.get(key)} as text. */
    public String string(YNode.YMap map, String key, String what) {
        return map == null ? null : string(map.get(key), what);
    }

    /** {@code map.get(key)} as text; an error when it is missing. */
    public String required(YNode.YMap map, String key, String what) {
        String v = string(map, key, what);
        if (v == null || v.isBlank()) {
            error("missing-key", map.position(), what + " is missing '" + key + "'.", "Add '" + key + ": …'.");
            return null;
        }
        return v;
    }

    /** A list of strings ({@code [a, b]} or a single {@code a}). */
    public List<String> strings(YNode node, String what) {
        return list(node, what).stream().map(n -> string(n, what)).filter(s -> s != null).toList();
    }

    /** A positive whole number, or {@code null} with an error. */
    public Integer positiveInt(YNode node, String what) {
        if (node == null) {
            return null;
        }
        if (node instanceof YNode.YScalar s && s.value() instanceof Integer i && i > 0) {
            return i;
        }
        if (node instanceof YNode.YScalar s && s.value() instanceof String str && str.matches("[1-9][0-9]{0,8}")) {
            return Integer.parseInt(str);
        }
        error("wrong-type", node.position(), what + " must be a positive whole number.", null);
        return null;
    }

    /** Reports every key of {@code map} that is not in {@code allowed}, with a suggestion. */
    public void checkKeys(YNode.YMap map, Set<String> allowed, String what) {
        if (map == null) {
            return;
        }
        for (Map.Entry<String, YNode> e : map.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                error("unknown-key", map.keyPosition(e.getKey()),
                        "Unknown key '" + e.getKey() + "' in " + what + ".",
                        Suggest.didYouMean(e.getKey(), allowed, "Allowed keys: " + String.join(", ", allowed.stream().sorted().toList()) + "."));
            }
        }
    }
}
