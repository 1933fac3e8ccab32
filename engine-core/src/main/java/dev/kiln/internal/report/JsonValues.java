package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes the plain values found in configs and YAML (maps, lists, strings, numbers, booleans) as JSON: the one
 * place for it, used by the artifacts here and by the docs site ({@code kiln-docs}), hence public.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Writes {@code value}; anything that is not a plain value is written as its string form. */
    public static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof BigInteger bi) {
            g.writeNumber(bi);
        } else if (value instanceof BigDecimal bd) {
            g.writeNumber(bd);
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof Object[] array) {
            write(g, List.of(array));
        } else if (value instanceof Date d) {
            g.writeString(d.toInstant().toString());
        } else if (value instanceof Path p) {
            g.writeString(NodePaths.slashes(p));
        } else {
            g.writeString(String.valueOf(value));
        }
    }

    /** Writes {@code "name": value}. */
    static void field(JsonGenerator g, String name, Object value) throws IOException {
        g.writeFieldName(name);
        write(g, value);
    }

    /** Writes {@code "name": [strings…]}. */
    static void strings(JsonGenerator g, String name, Collection<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Writes {@code "name": "value"}, or {@code null}. */
    static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }
}
