package dev.kiln.internal.yaml;

import dev.kiln.Diagnostic;
import dev.kiln.SourcePosition;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML text into a {@link YNode} tree that keeps line and column of every value.
 * Syntax errors and duplicate keys become diagnostics instead of exceptions.
 */
public final class YamlParser {

    private final Path file;
    private final List<Diagnostic> diagnostics;
    private final int lineOffset;

    /**
     * @param file        the file being parsed (for positions)
     * @param diagnostics where problems are added
     */
    public YamlParser(Path file, List<Diagnostic> diagnostics) {
        this(file, diagnostics, 0);
    }

    /** A parser for a piece of a file that starts {@code lineOffset} lines into it. */
    YamlParser(Path file, List<Diagnostic> diagnostics, int lineOffset) {
        this.file = file;
        this.diagnostics = diagnostics;
        this.lineOffset = lineOffset;
    }

    /** Parses a document; returns {@code null} (after adding a diagnostic) if it is not valid YAML, or empty. */
    public YNode parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by us, with both positions
        options.setCodePointLimit(Integer.MAX_VALUE);
        // aliases are bounded by what they expand to (see EXPANSION_*), not by how many there are
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        StreamReader reader = new StreamReader(text);
        try {
            // what Yaml.compose does, without building the loader/dumper facade for every document
            Node root = new Composer(new ParserImpl(reader, options), new MemoResolver(), options)
                    .getSingleNode();
            budget = EXPANSION_BASE + EXPANSION_PER_CHAR * (long) text.length();
            return root == null ? null : convert(root);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            diagnostics.add(Diagnostic.error("yaml-syntax", position(mark != null ? mark : reader.getMark()),
                    "Invalid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()),
                    "Check indentation and quoting near this line."));
        } catch (TooLarge e) {
            diagnostics.add(Diagnostic.error("yaml-too-large", e.at, "This YAML expands to more than "
                    + (EXPANSION_BASE + EXPANSION_PER_CHAR * (long) text.length()) + " values (anchors and aliases "
                    + "that repeat each other, like a 'billion laughs' document); reading stopped here.",
                    "Write the values out, or use fewer levels of aliases."));
        } catch (YAMLException e) {
            // no mark of its own (e.g. nesting deeper than SnakeYAML allows): where the reader stopped
            diagnostics.add(Diagnostic.error("yaml-syntax", position(reader.getMark()),
                    "Invalid YAML: " + firstLine(e.getMessage()), "Check the YAML near this line."));
        }
        return null;
    }

    /**
     * How many values (maps, lists, scalars) a document may expand to, aliases counted each
     * time they are used: a fixed allowance plus a multiple of its length, so that ordinary
     * files (even very large ones, or ones that reuse anchors a lot) pass and an alias bomb
     * stops within milliseconds.
     */
    static final long EXPANSION_BASE = 1_000_000;
    /** Values allowed per character of the document, on top of {@link #EXPANSION_BASE}. */
    static final long EXPANSION_PER_CHAR = 10;

    private long budget;

    /** The document expands beyond its budget. */
    private static final class TooLarge extends RuntimeException {
        private final SourcePosition at;

        TooLarge(SourcePosition at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private SourcePosition position(Mark mark) {
        return mark == null ? SourcePosition.of(file)
                : new SourcePosition(file, mark.getLine() + 1 + lineOffset, mark.getColumn() + 1);
    }

    private YNode convert(Node node) {
        SourcePosition pos = position(node.getStartMark());
        if (--budget < 0) {
            throw new TooLarge(pos);
        }
        if (node instanceof MappingNode map) {
            Map<String, YNode> entries = new LinkedHashMap<>();
            Map<String, SourcePosition> keys = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                Node keyNode = t.getKeyNode();
                String key = keyNode instanceof ScalarNode s ? s.getValue() : String.valueOf(keyNode);
                SourcePosition keyPos = position(keyNode.getStartMark());
                if (entries.containsKey(key)) {
                    diagnostics.add(Diagnostic.error("duplicate-key", keyPos,
                            "Duplicate key '" + key + "' (first at line " + keys.get(key).line() + ").",
                            "Remove one of the two entries."));
                }
                keys.put(key, keyPos);
                entries.put(key, convert(t.getValueNode()));
            }
            return new YNode.YMap(entries, keys, pos);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) {
                items.add(convert(item));
            }
            return new YNode.YList(items, pos);
        }
        ScalarNode scalar = (ScalarNode) node;
        return new YNode.YScalar(scalarValue(scalar), pos);
    }

    private static Object scalarValue(ScalarNode scalar) {
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT).matches("true|yes|on|y"));
            }
            if (Tag.INT.equals(tag)) {
                String clean = v.replace("_", "");
                BigInteger big = new BigInteger(clean);
                return big.bitLength() < 32 ? (Object) big.intValue()
                        : big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.valueOf(v.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return v;
        }
        return v;
    }

    /**
     * SnakeYAML's resolver, remembering the tag of each plain scalar it has resolved: schema
     * files repeat the same keys and values ({@code name}, {@code columns}, {@code not_null})
     * thousands of times, and each resolution otherwise runs a regular expression.
     */
    private static final class MemoResolver extends Resolver {
        private final Map<String, Tag> seen = new HashMap<>();

        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind != NodeId.scalar || !implicit || value.length() > 64) {
                return super.resolve(kind, value, implicit);
            }
            Tag tag = seen.get(value);
            if (tag == null) {
                tag = super.resolve(kind, value, implicit);
                seen.put(value, tag);
            }
            return tag;
        }
    }
}
