package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a large JSON object from parts written in parallel. Each part writes some members
 * ({@code "key": value} pairs) of one top-level member's object; parts are rendered on the common
 * fork-join pool (to bytes, or to members already rendered by an earlier write, see
 * {@link EntryMemo}) and then written out in their declared order, so the output is the same as a
 * single sequential generator would write.
 */
final class Fragments {

    /** Writes members of an open JSON object. */
    @FunctionalInterface
    interface Members {
        /** Writes zero or more {@code "key": value} pairs to {@code g}. */
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * A part of a member's object that renders itself, on the fork-join pool with the other parts, into what
     * {@link #writeTo} then writes out in order.
     */
    @FunctionalInterface
    interface Part {
        /** Renders this part's members. */
        Rendered render() throws IOException;
    }

    /** A part's members, rendered: {@code "key":value} pairs joined by {@code ,}, without braces. */
    interface Rendered {
        /** Whether there is no member. */
        boolean isEmpty();

        /** Writes the members, separated by commas, to {@code out}. */
        void writeMembersTo(OutputStream out) throws IOException;
    }

    /** The one factory every part of an artifact is rendered with (compact output). */
    static final JsonFactory JSON = JsonFactory.builder().build();

    private final List<String> keys = new ArrayList<>();
    private final List<List<Part>> sections = new ArrayList<>();

    /** Adds a top-level member {@code key} whose object is made of {@code parts}, in order. */
    Fragments section(String key, List<Members> parts) {
        return partSection(key, parts.stream().map(Fragments::rendered).toList());
    }

    /** Adds a top-level member {@code key} whose object is made of {@code parts}, in order. */
    Fragments partSection(String key, List<Part> parts) {
        keys.add(key);
        sections.add(parts);
        return this;
    }

    /** Adds a top-level member {@code key} whose object is written by one part. */
    Fragments section(String key, Members members) {
        return section(key, List.of(members));
    }

    /** Renders every part (in parallel) and writes the whole object to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        List<Part> parts = new ArrayList<>();
        for (List<Part> section : sections) {
            parts.addAll(section);
        }
        List<Rendered> rendered;
        try {
            rendered = parts.parallelStream().map(Fragments::render).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.write('{');
        int p = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(('"' + keys.get(i) + "\":{").getBytes(StandardCharsets.UTF_8));
            boolean first = true;
            for (int k = 0; k < sections.get(i).size(); k++, p++) {
                Rendered b = rendered.get(p);
                if (b.isEmpty()) {
                    continue;
                }
                if (!first) {
                    out.write(',');
                }
                b.writeMembersTo(out);
                first = false;
            }
            out.write('}');
        }
        out.write('}');
    }

    /** {@code members} rendered by a generator of their own. */
    private static Part rendered(Members members) {
        return () -> {
            Bytes object = new Bytes();
            try (JsonGenerator g = JSON.createGenerator(object, JsonEncoding.UTF8)) {
                g.writeStartObject();
                members.write(g);
                g.writeEndObject();
            }
            return object;
        };
    }

    private static Rendered render(Part part) {
        try {
            return part.render();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A byte buffer holding {@code {…}}, that can write what is between the braces. It grows by
     * adding blocks, never by copying what it holds (a part of the manifest is some 250 KB).
     */
    private static final class Bytes extends OutputStream implements Rendered {
        private static final int BLOCK = 32 * 1024;
        private final List<byte[]> blocks = new ArrayList<>();
        private byte[] current = new byte[BLOCK];
        private int used;
        private long count;

        @Override
        public void write(int b) {
            if (used == current.length) {
                next();
            }
            current[used++] = (byte) b;
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            while (len > 0) {
                if (used == current.length) {
                    next();
                }
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void next() {
            blocks.add(current);
            current = new byte[BLOCK];
            used = 0;
        }

        @Override
        public boolean isEmpty() {
            return count <= 2;
        }

        /** Writes every byte but the first and the last (the braces). */
        @Override
        public void writeMembersTo(OutputStream out) throws IOException {
            long skipFirst = 1;
            long remaining = count - 2;
            List<byte[]> all = new ArrayList<>(blocks);
            all.add(current);
            for (int i = 0; i < all.size() && remaining > 0; i++) {
                byte[] block = all.get(i);
                int length = i == all.size() - 1 ? used : block.length;
                int from = (int) Math.min(skipFirst, length);
                skipFirst -= from;
                int n = (int) Math.min(length - from, remaining);
                out.write(block, from, n);
                remaining -= n;
            }
        }
    }
}
