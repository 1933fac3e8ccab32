package dev.kiln;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One hook: a SQL statement (a FreeMarker template, {@code ${this}} the node's relation) that
 * runs around a node ({@code pre_hook}, {@code post_hook}) or a whole command
 * ({@code on-run-start}, {@code on-run-end}); see {@code docs/reference.md}.
 *
 * @param sql         the statement, as written (rendered when it runs)
 * @param transaction whether a node hook runs inside the node's transaction (dbt's default,
 *                    {@code true}); {@code false} runs a pre-hook before it begins and a
 *                    post-hook after it commits ({@code {sql: …, transaction: false}})
 * @param position    where it was declared
 */
public record Hook(String sql, boolean transaction, SourcePosition position) {

    /**
     * The hooks of one config value, in order: a string is one hook, a list holds strings or
     * {@code {sql, transaction}} mappings. A value of another shape throws {@link IllegalArgumentException}
     * saying what is wrong.
     */
    public static List<Hook> of(Object value, SourcePosition position) {
        List<Hook> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (Object v : value instanceof List<?> l ? l : List.of(value)) {
            if (v instanceof String s) {
                if (!s.isBlank()) {
                    out.add(new Hook(s, true, position));
                }
            } else if (v instanceof Map<?, ?> m && m.get("sql") instanceof String s
                    && m.keySet().stream().allMatch(k -> "sql".equals(k) || "transaction".equals(k) || "index".equals(k))) {
                Object t = m.get("transaction");
                if (t != null && !(t instanceof Boolean)) {
                    throw new IllegalArgumentException("a hook's 'transaction' must be true or false, not '" + t + "'");
                }
                if (!s.isBlank()) {
                    out.add(new Hook(s, t == null || (Boolean) t, position));
                }
            } else {
                throw new IllegalArgumentException("a hook must be a SQL string or {sql: '…', transaction: true|false}, not "
                        + (v == null ? "null" : "'" + v + "'"));
            }
        }
        return out;
    }
}
