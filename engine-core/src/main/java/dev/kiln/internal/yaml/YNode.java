package dev.kiln.internal.yaml;

import dev.kiln.SourcePosition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML value that remembers where it was written. */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    /** Where the value starts. */
    SourcePosition position();

    /** The value as plain Java: maps, lists, strings, numbers, booleans, nulls. */
    Object plain();

    /** A short name of the kind of value, for messages. */
    String kind();

    /** A mapping; keys keep their order and positions. */
    record YMap(Map<String, YNode> entries, Map<String, SourcePosition> keyPositions, SourcePosition position)
            implements YNode {

        /** The value at {@code key}, or {@code null}. */
        public YNode get(String key) {
            return entries.get(key);
        }

        /** Where {@code key} is written, or the map's own position. */
        public SourcePosition keyPosition(String key) {
            return keyPositions.getOrDefault(key, position);
        }

        @Override
        public Object plain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record YList(List<YNode> items, SourcePosition position) implements YNode {
        @Override
        public Object plain() {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i.plain()));
            return out;
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar: string, number, boolean or null. */
    record YScalar(Object value, SourcePosition position) implements YNode {
        @Override
        public Object plain() {
            return value;
        }

        @Override
        public String kind() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "a string";
            }
            return value instanceof Boolean ? "a boolean" : "a number";
        }

        /** The value as text ("" for null). */
        public String text() {
            return value == null ? "" : String.valueOf(value);
        }
    }
}
