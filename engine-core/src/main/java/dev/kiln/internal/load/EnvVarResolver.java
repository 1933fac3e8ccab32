package dev.kiln.internal.load;

import dev.kiln.SourcePosition;
import dev.kiln.internal.yaml.YamlReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env_var('NAME')}} and {@code ${env_var('NAME', 'default')}} in config
 * values. A variable that is unset and has no default is an error at the value's position.
 */
public final class EnvVarResolver {

    private static final Pattern CALL = Pattern.compile(
            "\\$\\{\\s*env_var\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*(?:['\"]([^'\"]*)['\"]|([^)\\s]+))\\s*)?\\)\\s*}");

    private final Function<String, String> env;

    /** @param env looks up an environment variable ({@code System::getenv} in production) */
    public EnvVarResolver(Function<String, String> env) {
        this.env = env;
    }

    /** Resolves every call in {@code value} (recursively in maps and lists). */
    public Object resolve(Object value, SourcePosition at, YamlReader reader) {
        if (value instanceof String s) {
            return resolveString(s, at, reader);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, at, reader)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> resolve(v, at, reader)).toList();
        }
        return value;
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
