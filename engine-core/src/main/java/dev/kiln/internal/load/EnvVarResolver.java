package dev.kiln.internal.load;

import dev.kiln.SourcePosition;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env_var('NAME')}} and {@code ${env_var('NAME', 'default')}} in the values
 * of {@code kiln.yml} and of the project's YAML files, before they are read. A variable that is
 * unset and has no default is an error at the value's position.
 */
public final class EnvVarResolver {

    private static final Pattern CALL = Pattern.compile(
            "\\$\\{\\s*env_var\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*(?:['\"]([^'\"]*)['\"]|([^)\\s]+))\\s*)?\\)\\s*}");

    private final Function<String, String> env;

    /** @param env looks up an environment variable ({@code System::getenv} in production) */
    public EnvVarResolver(Function<String, String> env) {
        this.env = env;
    }

    /**
     * {@code node} with every call in its string scalars resolved (keys are left as written);
     * the same node when there is nothing to resolve.
     */
    public YNode resolveTree(YNode node, YamlReader reader) {
        if (node instanceof YNode.YScalar scalar) {
            return scalar.value() instanceof String s && s.contains("env_var")
                    ? new YNode.YScalar(resolveString(s, scalar.position(), reader), scalar.position()) : scalar;
        }
        if (node instanceof YNode.YList list) {
            List<YNode> items = list.items().stream().map(i -> resolveTree(i, reader)).toList();
            return same(items, list.items()) ? list : new YNode.YList(items, list.position());
        }
        if (node instanceof YNode.YMap map) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            map.entries().forEach((k, v) -> entries.put(k, resolveTree(v, reader)));
            return same(entries.values(), map.entries().values()) ? map
                    : new YNode.YMap(entries, map.keyPositions(), map.position());
        }
        return node;
    }

    private static boolean same(java.util.Collection<YNode> a, java.util.Collection<YNode> b) {
        java.util.Iterator<YNode> i = b.iterator();
        for (YNode n : a) {
            if (n != i.next()) {
                return false;
            }
        }
        return true;
    }

    private Object resolveString(String s, SourcePosition at, YamlReader reader) {
        if (!s.contains("env_var")) {
            return s;
        }
        Matcher m = CALL.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String fallback = m.group(2) != null ? m.group(2) : m.group(3);
            String v = env.apply(name);
            if (v == null) {
                v = fallback;
            }
            if (v == null) {
                reader.error("env-var-unset", at, "Environment variable '" + name + "' is not set and has no default.",
                        "Set it, or write env_var('" + name + "', 'default').");
                v = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        String out = sb.toString();
        // a whole-value call that yields a number stays a number (threads: ${env_var('THREADS', 4)})
        if (m.reset().matches() && out.matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(out);
        }
        return out;
    }
}
