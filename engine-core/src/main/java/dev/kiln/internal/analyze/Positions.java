package dev.kiln.internal.analyze;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Places in a node's template for offsets in its compiled SQL, with the line they are on for
 * an excerpt. Nodes whose SQL Kiln generated (snapshots, generic tests) point at their
 * declaration.
 */
final class Positions {

    /**
     * A place in a template.
     *
     * @param position  file, line and column
     * @param node      the node whose template it is in
     * @param excerpt   the line with a caret under the column, or "" when there is no template
     */
    record Place(SourcePosition position, CompiledNode node, String excerpt) {
    }

    private final Function<String, CompiledNode> ephemeral;
    private final Map<String, SourceMap> maps = new ConcurrentHashMap<>();

    Positions(CompiledProject project) {
        Map<String, CompiledNode> byName = new ConcurrentHashMap<>();
        project.nodes().forEach(n -> {
            if (RelationCatalog.isEphemeral(n)) {
                byName.put(n.name(), n);
            }
        });
        this.ephemeral = byName::get;
    }

    /** The place of {@code offset} in {@code node}'s compiled SQL. */
    Place at(CompiledNode node, int offset) {
        if (!hasTemplate(node)) {
            return new Place(node.node().origin().position(), node, "");
        }
        SourceMap map = maps.computeIfAbsent(node.uniqueId(), k -> SourceMap.of(node, node.compiledSql(), ephemeral));
        SourceMap.Location loc = map.locate(offset < 0 ? 0 : offset);
        String raw = loc.node().node().rawCode();
        LineIndex lines = new LineIndex(raw);
        int line = lines.line(loc.rawOffset());
        int column = lines.column(loc.rawOffset());
        SourcePosition pos = new SourcePosition(loc.node().node().origin().path(), line, column);
        return new Place(pos, loc.node(), excerpt(raw, lines, line, column));
    }

    private static boolean hasTemplate(CompiledNode node) {
        return node.resourceType() != ResourceType.SNAPSHOT && node.node().test() == null
                && !node.node().rawCode().isEmpty();
    }

    /** The line, numbered, with a caret under {@code column}. */
    static String excerpt(String raw, LineIndex lines, int line, int column) {
        int start = lines.lineStart(line);
        int end = raw.indexOf('\n', start);
        String text = raw.substring(start, end < 0 ? raw.length() : end).stripTrailing();
        String number = String.valueOf(line);
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(number).append(" | ").append(text).append('\n');
        sb.append("  ").append(" ".repeat(number.length())).append(" | ");
        for (int i = 0; i < column - 1 && i < text.length(); i++) {
            sb.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return sb.append('^').toString();
    }
}
