package dev.kiln.cli;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a composed YAML tree into plain Java values the way {@code kiln.yml} vars are read:
 * strings, integers, doubles, booleans, null, lists and maps. Dates stay strings, so
 * {@code --vars '{as_of: 2026-11-01}'} renders as {@code 2026-11-01}.
 */
final class YamlValues {

    private YamlValues() {
    }

    /** A mapping node as an ordered map with string keys. */
    static Map<String, Object> mapping(MappingNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            Node key = t.getKeyNode();
            out.put(key instanceof ScalarNode s ? s.getValue() : String.valueOf(value(key)), value(t.getValueNode()));
        }
        return out;
    }

    /** Any node as a plain value. */
    static Object value(Node node) {
        if (node instanceof MappingNode map) {
            return mapping(map);
        }
        if (node instanceof SequenceNode seq) {
            List<Object> items = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) {
                items.add(value(item));
            }
            return items;
        }
        return scalar((ScalarNode) node);
    }

    private static Object scalar(ScalarNode scalar) {
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
}
