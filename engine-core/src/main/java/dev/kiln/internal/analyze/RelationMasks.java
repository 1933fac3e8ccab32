package dev.kiln.internal.analyze;

import dev.kiln.internal.link.Linker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces each relation Kiln rendered into a model's SQL ({@code "staging"."stg_users"},
 * {@code read_parquet('…')}) with a quoted identifier of the same length, {@code "#3      "}.
 * Offsets stay the same, any dialect's spelling of a relation parses, and the parse tree says
 * exactly which declared relation each table reference is.
 */
final class RelationMasks {

    private final String sql;
    private final Map<String, String> masks;

    private RelationMasks(String sql, Map<String, String> masks) {
        this.sql = sql;
        this.masks = masks;
    }

    /** Masks every occurrence of each of {@code rendered} in {@code sql}. */
    static RelationMasks apply(String sql, List<String> rendered) {
        List<String> byLength = new ArrayList<>(rendered);
        byLength.sort((a, b) -> b.length() - a.length());
        char[] out = null;
        boolean[] taken = null;
        Map<String, String> masks = new HashMap<>();
        int k = 0;
        for (String text : byLength) {
            if (text.isEmpty() || text.startsWith(Linker.CTE_PREFIX)) {
                continue; // an inlined ephemeral model is known by its CTE's name
            }
            String name = "#" + Integer.toString(k, 36);
            if (text.length() < name.length() + 2) {
                continue; // too short to mask: matched by name instead
            }
            int at = sql.indexOf(text);
            if (at < 0) {
                continue;
            }
            if (out == null) {
                out = sql.toCharArray();
                taken = new boolean[sql.length()];
            }
            String padded = name + " ".repeat(text.length() - 2 - name.length());
            boolean used = false;
            for (; at >= 0; at = sql.indexOf(text, at + text.length())) {
                if (taken[at] || taken[at + text.length() - 1]) {
                    continue;
                }
                out[at] = '"';
                padded.getChars(0, padded.length(), out, at + 1);
                out[at + text.length() - 1] = '"';
                Arrays.fill(taken, at, at + text.length(), true);
                used = true;
            }
            if (used) {
                masks.put(padded, text);
                k++;
            }
        }
        return new RelationMasks(out == null ? sql : new String(out), masks);
    }

    /** The SQL with relations masked; same length as the original. */
    String sql() {
        return sql;
    }

    /** Mask identifier (without quotes) → the rendered relation it stands for. */
    Map<String, String> masks() {
        return masks;
    }
}
