package dev.kiln.internal.analyze;

import dev.kiln.AnalysisStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A compact binary form of {@link ParsedModel}, for the analysis cache. */
final class ShapeCodec {

    private ShapeCodec() {
    }

    /** Encodes a parsed model. */
    static byte[] encode(ParsedModel m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(m.status().ordinal());
            out.writeInt(m.errorOffset());
            string(out, m.error());
            if (m.shape() != null) {
                shape(out, m.shape());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes what {@link #encode} wrote; throws {@link IOException} on damaged input. */
    static ParsedModel decode(byte[] data) throws IOException {
        try {
            return decode(ByteBuffer.wrap(data));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IOException("damaged entry", e);
        }
    }

    private static ParsedModel decode(ByteBuffer in) throws IOException {
        int status = in.get();
        if (status < 0 || status >= AnalysisStatus.values().length) {
            throw new IOException("bad status " + status);
        }
        AnalysisStatus s = AnalysisStatus.values()[status];
        int offset = in.getInt();
        String error = string(in);
        Shape shape = s == AnalysisStatus.PARSED ? shape(in) : null;
        return new ParsedModel(s, shape, offset, error);
    }

    private static void shape(DataOutputStream out, Shape shape) throws IOException {
        if (shape instanceof Shape.Select s) {
            out.writeByte(1);
            out.writeInt(s.from().size());
            for (Shape.From f : s.from()) {
                from(out, f);
            }
            out.writeInt(s.items().size());
            for (Shape.Item item : s.items()) {
                item(out, item);
            }
            strings(out, s.using());
            shapes(out, s.subqueries());
        } else if (shape instanceof Shape.SetOp op) {
            out.writeByte(2);
            shapes(out, op.contributing());
            shapes(out, op.others());
        } else {
            Shape.With w = (Shape.With) shape;
            out.writeByte(3);
            out.writeInt(w.ctes().size());
            for (Shape.Cte c : w.ctes()) {
                string(out, c.name());
                strings(out, c.columns());
                shape(out, c.query());
            }
            shape(out, w.body());
        }
    }

    private static Shape shape(ByteBuffer in) throws IOException {
        int tag = in.get();
        switch (tag) {
            case 1 -> {
                int n = in.getInt();
                List<Shape.From> from = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    from.add(from(in));
                }
                n = in.getInt();
                List<Shape.Item> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(item(in));
                }
                return new Shape.Select(from, items, strings(in), shapes(in));
            }
            case 2 -> {
                return new Shape.SetOp(shapes(in), shapes(in));
            }
            case 3 -> {
                int n = in.getInt();
                List<Shape.Cte> ctes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ctes.add(new Shape.Cte(string(in), strings(in), shape(in)));
                }
                return new Shape.With(ctes, shape(in));
            }
            default -> throw new IOException("bad shape tag " + tag);
        }
    }

    private static void from(DataOutputStream out, Shape.From f) throws IOException {
        if (f instanceof Shape.Table t) {
            out.writeByte(1);
            string(out, t.alias());
            strings(out, t.name());
            string(out, t.rendered());
            out.writeInt(t.offset());
        } else if (f instanceof Shape.Derived d) {
            out.writeByte(2);
            string(out, d.alias());
            strings(out, d.columns());
            shape(out, d.query());
        } else {
            Shape.Function fn = (Shape.Function) f;
            out.writeByte(3);
            string(out, fn.alias());
            strings(out, fn.columns());
            expr(out, fn.args());
        }
    }

    private static Shape.From from(ByteBuffer in) throws IOException {
        int tag = in.get();
        return switch (tag) {
            case 1 -> new Shape.Table(string(in), strings(in), string(in), in.getInt());
            case 2 -> new Shape.Derived(string(in), strings(in), shape(in));
            case 3 -> new Shape.Function(string(in), strings(in), expr(in));
            default -> throw new IOException("bad from tag " + tag);
        };
    }

    private static void item(DataOutputStream out, Shape.Item item) throws IOException {
        if (item instanceof Shape.Column c) {
            out.writeByte(1);
            column(out, c);
        } else {
            Shape.Star s = (Shape.Star) item;
            out.writeByte(2);
            strings(out, s.qualifier());
            strings(out, s.excluded());
            out.writeInt(s.replaced().size());
            for (Shape.Column c : s.replaced()) {
                column(out, c);
            }
        }
    }

    private static Shape.Item item(ByteBuffer in) throws IOException {
        int tag = in.get();
        if (tag == 1) {
            return column(in);
        }
        if (tag != 2) {
            throw new IOException("bad item tag " + tag);
        }
        List<String> qualifier = strings(in);
        List<String> excluded = strings(in);
        int n = in.getInt();
        List<Shape.Column> replaced = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            replaced.add(column(in));
        }
        return new Shape.Star(qualifier, excluded, replaced);
    }

    private static void column(DataOutputStream out, Shape.Column c) throws IOException {
        string(out, c.name());
        out.writeBoolean(c.direct());
        expr(out, c.expr());
    }

    private static Shape.Column column(ByteBuffer in) throws IOException {
        return new Shape.Column(string(in), (in.get() != 0), expr(in));
    }

    private static void expr(DataOutputStream out, Shape.Expr e) throws IOException {
        out.writeInt(e.refs().size());
        for (List<String> ref : e.refs()) {
            strings(out, ref);
        }
        shapes(out, e.subqueries());
    }

    private static Shape.Expr expr(ByteBuffer in) throws IOException {
        int n = in.getInt();
        List<Shape> subqueries;
        if (n == 0) {
            subqueries = shapes(in);
            return subqueries.isEmpty() ? Shape.Expr.NONE : new Shape.Expr(List.of(), subqueries);
        }
        List<List<String>> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            refs.add(strings(in));
        }
        return new Shape.Expr(refs, shapes(in));
    }

    private static void shapes(DataOutputStream out, List<Shape> shapes) throws IOException {
        out.writeInt(shapes.size());
        for (Shape s : shapes) {
            shape(out, s);
        }
    }

    private static List<Shape> shapes(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n == 0) {
            return List.of();
        }
        List<Shape> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(shape(in));
        }
        return out;
    }

    private static void strings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            string(out, s);
        }
    }

    private static List<String> strings(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string(in));
        }
        return out;
    }

    /** Writes {@code s} as its UTF-8 length and bytes ({@code -1} for null); shared by {@link ReportCodec}. */
    static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads what {@link #string(DataOutputStream, String)} wrote. */
    static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String out = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return out;
    }
}
