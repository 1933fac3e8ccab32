package dev.kiln.internal.analyze;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level column names of a Parquet file, read from its footer (the file metadata, in Thrift's compact
 * protocol) without reading any data: what column lineage needs to know of a source on Parquet files. Only the
 * schema is decoded; every other field is skipped.
 */
final class ParquetSchema {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** A footer larger than this is not read (a schema of thousands of columns is far smaller). */
    private static final int MAX_FOOTER = 64 << 20;

    private ParquetSchema() {
    }

    /** The file's top-level columns, in order; empty when it is not a readable Parquet file. */
    static List<String> columns(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 12) {
                return List.of();
            }
            ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(tail, size - 8);
            tail.flip();
            int length = tail.getInt();
            byte[] magic = new byte[4];
            tail.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC) || length <= 0 || length > MAX_FOOTER || length > size - 12) {
                return List.of();
            }
            ByteBuffer footer = ByteBuffer.allocate(length);
            while (footer.hasRemaining() && ch.read(footer, size - 8 - length + footer.position()) > 0) {
                // read it all
            }
            footer.flip();
            return topLevel(new Compact(footer).schema());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The length of the footer that a Parquet file's last 8 bytes announce ({@code tail} ends
     * with them), or -1 when they are not a Parquet file's.
     */
    static int footerLength(byte[] tail) {
        if (tail.length < 8) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(tail, tail.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt();
        byte[] magic = new byte[4];
        b.get(magic);
        return java.util.Arrays.equals(magic, MAGIC) && length > 0 && length <= MAX_FOOTER ? length : -1;
    }

    /** The top-level columns a footer (the file metadata, without length and magic) declares; empty when unreadable. */
    static List<String> fromFooter(ByteBuffer footer) {
        try {
            return topLevel(new Compact(footer).schema());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** One schema element: its name and how many children it has (0 for a leaf). */
    private record Element(String name, int children) {
    }

    /** The children of the root (the first element), skipping each child's own subtree. */
    private static List<String> topLevel(List<Element> elements) {
        if (elements.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        int at = 1;
        for (int i = 0; i < elements.get(0).children() && at < elements.size(); i++) {
            names.add(elements.get(at).name());
            at = skip(elements, at);
        }
        return names;
    }

    private static int skip(List<Element> elements, int at) {
        int next = at + 1;
        for (int i = 0; i < elements.get(at).children() && next < elements.size(); i++) {
            next = skip(elements, next);
        }
        return next;
    }

    /** A reader of Thrift's compact protocol, as much of it as the footer's schema needs. */
    private static final class Compact {
        private static final int STOP = 0;
        private static final int TRUE = 1;
        private static final int FALSE = 2;
        private static final int BYTE = 3;
        private static final int I16 = 4;
        private static final int I32 = 5;
        private static final int I64 = 6;
        private static final int DOUBLE = 7;
        private static final int BINARY = 8;
        private static final int LIST = 9;
        private static final int SET = 10;
        private static final int MAP = 11;
        private static final int STRUCT = 12;

        private final ByteBuffer in;

        Compact(ByteBuffer in) {
            this.in = in;
        }

        /** FileMetaData's field 2: the list of schema elements. */
        List<Element> schema() {
            int field = 0;
            while (true) {
                int header = in.get() & 0xff;
                if (header == STOP) {
                    return List.of();
                }
                int type = header & 0x0f;
                field = fieldId(header, field);
                if (field == 2 && type == LIST) {
                    int[] list = listHeader();
                    List<Element> out = new ArrayList<>(list[0]);
                    for (int i = 0; i < list[0]; i++) {
                        out.add(element());
                    }
                    return out;
                }
                skip(type);
            }
        }

        /** A SchemaElement: field 4 is the name, field 5 the number of children. */
        private Element element() {
            String name = "";
            int children = 0;
            int field = 0;
            while (true) {
                int header = in.get() & 0xff;
                if (header == STOP) {
                    return new Element(name, children);
                }
                int type = header & 0x0f;
                field = fieldId(header, field);
                if (field == 4 && type == BINARY) {
                    byte[] b = new byte[(int) varint()];
                    in.get(b);
                    name = new String(b, StandardCharsets.UTF_8);
                } else if (field == 5 && type == I32) {
                    children = (int) zigzag(varint());
                } else {
                    skip(type);
                }
            }
        }

        private int fieldId(int header, int last) {
            int delta = header >>> 4;
            return delta != 0 ? last + delta : (int) zigzag(varint());
        }

        /** {size, element type}. */
        private int[] listHeader() {
            int b = in.get() & 0xff;
            int size = b >>> 4;
            if (size == 15) {
                size = (int) varint();
            }
            return new int[] {size, b & 0x0f};
        }

        private void skip(int type) {
            switch (type) {
                case TRUE, FALSE -> { }
                case BYTE -> in.get();
                case I16, I32, I64 -> varint();
                case DOUBLE -> in.position(in.position() + 8);
                case BINARY -> in.position(in.position() + (int) varint());
                case LIST, SET -> {
                    int[] list = listHeader();
                    for (int i = 0; i < list[0]; i++) {
                        skipElement(list[1]);
                    }
                }
                case MAP -> {
                    int size = (int) varint();
                    if (size > 0) {
                        int kv = in.get() & 0xff;
                        for (int i = 0; i < size; i++) {
                            skipElement(kv >>> 4);
                            skipElement(kv & 0x0f);
                        }
                    }
                }
                case STRUCT -> {
                    int field = 0;
                    while (true) {
                        int header = in.get() & 0xff;
                        if (header == STOP) {
                            return;
                        }
                        field = fieldId(header, field);
                        skip(header & 0x0f);
                    }
                }
                default -> throw new IllegalStateException("not a Thrift compact type: " + type);
            }
        }

        /** An element of a list, set or map: a boolean takes one byte there. */
        private void skipElement(int type) {
            if (type == TRUE || type == FALSE) {
                in.get();
            } else {
                skip(type);
            }
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.get() & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        private static long zigzag(long n) {
            return (n >>> 1) ^ -(n & 1);
        }
    }
}
