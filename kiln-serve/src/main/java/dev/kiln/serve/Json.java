package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/** JSON writing for the API: numbers as numbers, decimals exact, timestamps ISO-8601, nulls null. */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY).enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** A generator over {@code out}. */
    static JsonGenerator generator(ByteArrayOutputStream out) {
        try {
            return FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a value read from the replica. */
    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                g.writeNull();
            } else if (v instanceof Float f) {
                g.writeNumber(f);
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Timestamp t) {
            g.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t.toLocalDateTime()));
        } else if (v instanceof java.sql.Date d) {
            g.writeString(d.toLocalDate().toString());
        } else if (v instanceof LocalDateTime t) {
            g.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
        } else if (v instanceof OffsetDateTime t) {
            g.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC)));
        } else if (v instanceof LocalDate d) {
            g.writeString(d.toString());
        } else if (v instanceof TemporalAccessor t) {
            g.writeString(t.toString());
        } else if (v instanceof java.sql.Array a) {
            try {
                value(g, a.getArray());
            } catch (SQLException e) {
                throw new IOException(e);
            }
        } else if (v instanceof Object[] items) {
            g.writeStartArray();
            for (Object item : items) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Collection<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof byte[] b) {
            g.writeString(Base64.getEncoder().encodeToString(b));
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(v.toString());
        }
    }

    /** {@code {"error": {"status": …, "message": …}}}. */
    static byte[] error(int status, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("status", status);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Any plain structure (maps, lists, strings, numbers) as JSON. */
    static byte[] write(Object tree, boolean pretty) {
        try {
            return pretty ? MAPPER.writeValueAsBytes(tree) : MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
