package dev.kiln.internal.yaml;

import dev.kiln.Diagnostic;
import dev.kiln.SourcePosition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Parses a large schema file on every core: the file is cut between the items of its top-level
 * lists ({@code models:}, {@code sources:}, …), each piece is parsed on its own with its line
 * offset, and the pieces are joined into the tree one parse would give, with the same
 * positions. Files that could parse differently in pieces (anchors and aliases, tabs, several
 * documents, a top-level key written twice) are parsed whole.
 */
public final class ChunkedYamlParser {

    /** Files smaller than this are parsed whole. */
    static final int MIN_SIZE = 128 * 1024;

    private static final Pattern UNSAFE = Pattern.compile("(?m)(^---|^\\.\\.\\.|\\t|(^|[\\s:\\[{,-])[&*][A-Za-z0-9_]|<<:)");
    private static final Pattern TOP_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*:\\s*(#.*)?");

    private final Path file;
    private final List<Diagnostic> diagnostics;

    /** @param file the file (for positions); @param diagnostics where problems are added */
    public ChunkedYamlParser(Path file, List<Diagnostic> diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** Parses {@code text}; the result is what {@link YamlParser#parse} returns. */
    public YNode parse(String text) {
        List<Section> sections = text.length() < MIN_SIZE || UNSAFE.matcher(text).find() ? null : sections(text);
        if (sections == null) {
            return new YamlParser(file, diagnostics).parse(text);
        }
        List<Piece> pieces = new ArrayList<>();
        for (Section s : sections) {
            pieces.addAll(s.pieces(Runtime.getRuntime().availableProcessors() * 2));
        }
        List<List<Diagnostic>> problems = new ArrayList<>();
        pieces.forEach(p -> problems.add(new ArrayList<>()));
        List<YNode> parsed = IntStream.range(0, pieces.size()).parallel()
                .mapToObj(i -> new YamlParser(file, problems.get(i), pieces.get(i).lineOffset()).parse(pieces.get(i).text()))
                .toList();
        problems.forEach(diagnostics::addAll);
        if (parsed.contains(null)) {
            return null;
        }
        return join(parsed);
    }

    /** One top-level key: its lines, and where its list items start (if it is a block list). */
    private record Section(String key, List<String> lines, int firstLine, List<Integer> itemStarts) {

        /** The section as one or more pieces of text, each a valid document {@code key: [items…]}. */
        List<Piece> pieces(int wanted) {
            if (itemStarts.size() < 2 * wanted) {
                return List.of(new Piece(String.join("\n", lines), firstLine - 1));
            }
            List<Piece> out = new ArrayList<>();
            int per = (itemStarts.size() + wanted - 1) / wanted;
            for (int i = 0; i < itemStarts.size(); i += per) {
                int from = itemStarts.get(i);
                int to = i + per < itemStarts.size() ? itemStarts.get(i + per) : lines.size();
                // the header line, then the items: line numbers stay right with an offset
                String text = key + ":\n" + String.join("\n", lines.subList(from, to));
                out.add(new Piece(text, firstLine - 1 + from - 1));
            }
            return out;
        }
    }

    private record Piece(String text, int lineOffset) {
    }

    /** Cuts the file at top-level keys; {@code null} when it has content outside any key. */
    private static List<Section> sections(String text) {
        String[] lines = text.split("\n", -1);
        List<Section> out = new ArrayList<>();
        List<String> current = null;
        String key = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '#') {
                if (!TOP_KEY.matcher(line).matches() && !line.matches("[A-Za-z_][A-Za-z0-9_-]*:\\s+\\S.*")) {
                    return null;
                }
                if (current != null) {
                    out.add(section(key, current, start));
                }
                key = line.substring(0, line.indexOf(':'));
                current = new ArrayList<>();
                start = i + 1;
            }
            if (current != null) {
                current.add(line);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                return null;
            }
        }
        if (current != null) {
            out.add(section(key, current, start));
        }
        long distinct = out.stream().map(Section::key).distinct().count();
        return distinct == out.size() ? out : null;
    }

    private static Section section(String key, List<String> lines, int firstLine) {
        List<Integer> items = new ArrayList<>();
        String indent = null;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.stripLeading();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            String lead = line.substring(0, line.length() - stripped.length());
            if (indent == null) {
                if (!stripped.startsWith("- ") && !stripped.equals("-")) {
                    return new Section(key, lines, firstLine, List.of());
                }
                indent = lead;
            }
            if (lead.equals(indent) && (stripped.startsWith("- ") || stripped.equals("-"))) {
                items.add(i);
            } else if (lead.length() < indent.length()) {
                return new Section(key, lines, firstLine, List.of());
            }
        }
        return new Section(key, lines, firstLine, Collections.unmodifiableList(items));
    }

    /** Joins parsed pieces: maps merge in order, lists under the same top-level key concatenate. */
    private YNode join(List<YNode> parts) {
        Map<String, YNode> entries = new LinkedHashMap<>();
        Map<String, SourcePosition> keys = new LinkedHashMap<>();
        SourcePosition at = null;
        for (YNode part : parts) {
            if (!(part instanceof YNode.YMap m)) {
                return null; // cannot happen: each piece is `key: …`
            }
            at = at == null ? m.position() : at;
            for (Map.Entry<String, YNode> e : m.entries().entrySet()) {
                YNode prev = entries.get(e.getKey());
                if (prev instanceof YNode.YList l1 && e.getValue() instanceof YNode.YList l2) {
                    List<YNode> items = new ArrayList<>(l1.items());
                    items.addAll(l2.items());
                    entries.put(e.getKey(), new YNode.YList(items, l1.position()));
                } else {
                    entries.put(e.getKey(), e.getValue());
                    keys.putIfAbsent(e.getKey(), m.keyPosition(e.getKey()));
                }
            }
        }
        return new YNode.YMap(entries, keys, at);
    }
}
