package dev.kiln.internal.render;

import java.util.function.Function;

/**
 * Rendering writes a marker where a model's relation goes, because the relation of a
 * {@code ref()}'d model (its schema, alias, or an ephemeral CTE) is only final once every
 * model has been rendered. The link stage replaces the markers.
 */
public final class Placeholders {

    private static final char MARK = '\u0001';

    private Placeholders() {
    }

    /** The marker for the relation of node {@code uniqueId}. */
    public static String of(String uniqueId) {
        return MARK + uniqueId + MARK;
    }

    /** Replaces every marker in {@code sql} with {@code resolve.apply(uniqueId)}. */
    public static String replace(String sql, Function<String, String> resolve) {
        int start = sql.indexOf(MARK);
        if (start < 0) {
            return sql;
        }
        StringBuilder sb = new StringBuilder(sql.length() + 64);
        int from = 0;
        while (start >= 0) {
            int end = sql.indexOf(MARK, start + 1);
            if (end < 0) {
                break;
            }
            sb.append(sql, from, start).append(resolve.apply(sql.substring(start + 1, end)));
            from = end + 1;
            start = sql.indexOf(MARK, from);
        }
        return sb.append(sql, from, sql.length()).toString();
    }
}
