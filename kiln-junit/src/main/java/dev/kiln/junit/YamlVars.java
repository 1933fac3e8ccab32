package dev.kiln.junit;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads var overrides ({@link KilnTests#vars()}) the way the CLI's {@code --vars} reads them:
 * strings, integers, doubles, booleans, null, lists and maps, with dates kept as strings
 * (so {@code 2026-11-01} renders as written).
 */
final class YamlVars {

    private static final String EXAMPLE = "Write a mapping, e.g. vars = \"{as_of: 2026-11-01, limit: 10}\".";

    private YamlVars() {
    }

    /** A YAML mapping ({@code {as_of: 2026-11-01}}); empty for null or blank text. */
    static Map<String, Object> mapping(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Node root;
        try {
            root = compose(text);
        } catch (YAMLException e) {
            throw new KilnException(ErrorCode.USAGE, "vars '" + text + "' is not valid YAML: "
                    + firstLine(e.getMessage()) + ". " + EXAMPLE);
        }
        if (!(root instanceof MappingNode map)) {
            throw new KilnException(ErrorCode.USAGE, "vars '" + text + "' is not a YAML mapping. " + EXAMPLE);
        }
        return mapping(map);
    }

    private static Node compose(String text) {
        return new Yaml(new LoaderOptions()).compose(new StringReader(text));
    }

    private static Map<String, Object> mapping(MappingNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            Node key = t.getKeyNode();
            out.put(key instanceof ScalarNode s ? s.getValue() : String.valueOf(value(key)), value(t.getValueNode()));
        }
        return out;
    }

    private static Object value(Node node) {
        if (node instanceof MappingNode map) {
            return mapping(map);
        }
        if (node instanceof SequenceNode seq) {
            List<Object> items = new ArrayList<>(seq.getValue().size());
            seq.getValue().forEach(item -> items.add(value(item)));
            return items;
        }
        ScalarNode scalar = (ScalarNode) node;
        String v = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return v.toLowerCase(Locale.ROOT).matches("true|yes|on|y");
            }
            if (Tag.INT.equals(tag)) {
                BigInteger big = new BigInteger(v.replace("_", ""));
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

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown problem";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
