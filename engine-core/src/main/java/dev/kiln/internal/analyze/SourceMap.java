package dev.kiln.internal.analyze;

import dev.kiln.CompiledNode;
import dev.kiln.internal.link.Linker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps offsets in a node's compiled SQL back to its template, by aligning texts: rendering
 * copies static text verbatim, so each static piece of the template is found in the SQL in
 * order; an offset inside one maps exactly, an offset in what an interpolation produced maps to
 * its {@code ${}. The CTEs that inline ephemeral models map into those models' templates.
 * Text a directive left out (a false {@code <#if>}) is skipped; a macro's output maps to its
 * call.
 */
final class SourceMap {

    /**
     * Where an offset of the compiled SQL comes from.
     *
     * @param node      the node whose template holds it (an inlined ephemeral model, or the node)
     * @param rawOffset the offset in that node's template
     * @param exact     true when it is the very character; false when it is the construct that
     *                  produced it
     */
    record Location(CompiledNode node, int rawOffset, boolean exact) {
    }

    private record Inline(int start, int end, int bodyStart, SourceMap body) {
    }

    private static final Pattern CTE = Pattern.compile(Pattern.quote(Linker.CTE_PREFIX) + "(\\w+) as \\(\n");

    private final CompiledNode node;
    private final String raw;
    private final List<TemplateSegments.Segment> segments;
    private final List<Inline> inlines = new ArrayList<>();
    private int[] rawStart = new int[0];
    private int[] renStart = new int[0];
    private int[] length = new int[0];

    private SourceMap(CompiledNode node, String raw) {
        this.node = node;
        this.raw = raw;
        this.segments = TemplateSegments.scan(raw);
    }

    /**
     * The map of {@code node}'s compiled SQL {@code rendered}; {@code ephemeral} finds an
     * ephemeral model by name.
     */
    static SourceMap of(CompiledNode node, String rendered, Function<String, CompiledNode> ephemeral) {
        SourceMap map = new SourceMap(node, node.node().rawCode());
        char[] text = rendered.toCharArray();
        Matcher m = CTE.matcher(rendered);
        int from = 0;
        while (m.find(from)) {
            CompiledNode eph = ephemeral.apply(m.group(1));
            int close = closingParen(rendered, m.end() - 2);
            from = Math.max(m.end(), close);
            if (eph == null || close < 0) {
                continue;
            }
            int bodyEnd = close > m.end() && rendered.charAt(close - 1) == '\n' ? close - 1 : close;
            String body = rendered.substring(m.end(), bodyEnd);
            map.inlines.add(new Inline(m.start(), close + 1, m.end(), SourceMap.of(eph, body, name -> null)));
            Arrays.fill(text, m.start(), close + 1, '\u0000');
        }
        map.align(new String(text));
        return map;
    }

    private void align(String text) {
        List<int[]> anchors = new ArrayList<>();
        int cursor = 0;
        List<int[]> cores = new ArrayList<>();
        for (TemplateSegments.Segment s : segments) {
            if (s.text()) {
                // word by word: rendering may insert text (inlined CTEs) between any two words
                int i = s.start();
                while (i < s.end()) {
                    while (i < s.end() && Character.isWhitespace(raw.charAt(i))) {
                        i++;
                    }
                    int a = i;
                    while (i < s.end() && !Character.isWhitespace(raw.charAt(i))) {
                        i++;
                    }
                    if (a < i) {
                        cores.add(new int[] {a, i});
                    }
                }
            }
        }
        for (int i = 0; i < cores.size(); i++) {
            int[] core = cores.get(i);
            int at = find(text, core, cursor);
            if (at < 0) {
                continue; // not rendered (a false <#if>, say)
            }
            if (i + 1 < cores.size()) {
                int[] next = cores.get(i + 1);
                if (find(text, next, at + core[1] - core[0]) < 0 && find(text, next, cursor) >= 0) {
                    continue; // a match too far ahead: this piece was left out and repeats later
                }
            }
            anchors.add(new int[] {core[0], at, core[1] - core[0]});
            cursor = at + core[1] - core[0];
        }
        rawStart = anchors.stream().mapToInt(a -> a[0]).toArray();
        renStart = anchors.stream().mapToInt(a -> a[1]).toArray();
        length = anchors.stream().mapToInt(a -> a[2]).toArray();
    }

    /**
     * The first place from {@code from} where the word {@code core} (a range of the template)
     * is rendered: where the template has white space around the word, so must the SQL, since
     * static text is copied verbatim (this keeps a short word from matching inside a rendered
     * relation name).
     */
    private int find(String text, int[] core, int from) {
        String word = raw.substring(core[0], core[1]);
        boolean spaceBefore = core[0] > 0 && Character.isWhitespace(raw.charAt(core[0] - 1));
        boolean spaceAfter = core[1] < raw.length() && Character.isWhitespace(raw.charAt(core[1]));
        for (int at = text.indexOf(word, from); at >= 0; at = text.indexOf(word, at + 1)) {
            int end = at + word.length();
            boolean before = !spaceBefore || at == 0 || blank(text.charAt(at - 1));
            boolean after = !spaceAfter || end == text.length() || blank(text.charAt(end));
            if (before && after) {
                return at;
            }
        }
        return -1;
    }

    private static boolean blank(char c) {
        return Character.isWhitespace(c) || c == '\u0000';
    }

    /** Where {@code offset} of the compiled SQL comes from. */
    Location locate(int offset) {
        for (Inline in : inlines) {
            if (offset >= in.start() && offset < in.end()) {
                int inner = offset - in.bodyStart();
                if (inner < 0) {
                    inner = 0;
                }
                return in.body().locate(inner);
            }
        }
        int i = Arrays.binarySearch(renStart, offset);
        if (i < 0) {
            i = -i - 2; // the last anchor starting before the offset
        }
        if (i >= 0 && offset < renStart[i] + length[i]) {
            return new Location(node, rawStart[i] + offset - renStart[i], true);
        }
        int rawFrom = i >= 0 ? rawStart[i] + length[i] : 0;
        int renFrom = i >= 0 ? renStart[i] + length[i] : 0;
        int rawTo = i + 1 < rawStart.length ? rawStart[i + 1] : raw.length();
        int into = Math.max(0, offset - renFrom);
        for (TemplateSegments.Segment s : segments) {
            if (!s.text() && s.start() >= rawFrom && s.start() < rawTo && raw.startsWith("${", s.start())) {
                boolean leadingSpace = into < s.start() - rawFrom && raw.substring(rawFrom, rawFrom + into + 1).isBlank();
                return leadingSpace ? new Location(node, rawFrom + into, true) : new Location(node, s.start(), false);
            }
        }
        return new Location(node, Math.min(rawFrom + into, rawTo), false);
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1; skips strings, quoted names, comments. */
    static int closingParen(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int q = sql.indexOf(c, i + 1);
                if (q < 0) {
                    return -1;
                }
                i = q;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int nl = sql.indexOf('\n', i);
                if (nl < 0) {
                    return -1;
                }
                i = nl;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
