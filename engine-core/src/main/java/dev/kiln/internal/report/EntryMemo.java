package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The entries of the last {@code manifest.json} written to one file in this process, each with what
 * it was written from, so that the next write of that file renders again only the entries whose
 * inputs changed and copies the others' bytes (the compiler daemon's edit compile: one node of
 * 20,000 edited, 30 MB of JSON). An entry is reused only when its inputs are
 * {@linkplain SameContent#same the same} and the manifest's context (what every entry reads: the
 * project's name, paths, macros, target…) is too; an entry without inputs (a seed, whose checksum
 * reads its file) is always rendered. The bytes of an entry do not depend on the file on disk, so
 * the output is the one a full render gives, byte for byte.
 * <p>
 * Held softly, for the last few files; a memo is taken out while a manifest is written and put
 * back once it is, so two writers never share one.
 */
final class EntryMemo {

    /** Writes one entry ({@code "key": value}) of a section. */
    @FunctionalInterface
    interface Writer<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    /** How many entries the last write reused and rendered. */
    record Counts(int reused, int rendered) {
    }

    private record Rendered(Object inputs, byte[] member) {
    }

    /** One section being written: its entries' ids, and what each became (filled by the parts). */
    private record Pending(String name, String[] ids, Rendered[] next) {
    }

    /** Entries per part rendered in parallel. */
    private static final int CHUNK = 250;
    /** Files whose memo is kept. */
    private static final int KEPT = 4;
    private static final Map<Path, SoftReference<EntryMemo>> BY_FILE = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, SoftReference<EntryMemo>> eldest) {
            return size() > KEPT;
        }
    };

    private final Object context;
    private final Map<String, Map<String, Rendered>> sections = new HashMap<>();
    private final List<Pending> pending = new ArrayList<>();
    private Counts counts = new Counts(0, 0);

    private EntryMemo(Object context) {
        this.context = context;
    }

    /**
     * The memo of the last write of {@code file} when it was made in the same {@code context}, else
     * an empty one; either way no longer registered until {@link #keep}.
     */
    static EntryMemo take(Path file, Object context) {
        SoftReference<EntryMemo> ref;
        synchronized (BY_FILE) {
            ref = BY_FILE.remove(key(file));
        }
        EntryMemo memo = ref == null ? null : ref.get();
        return memo != null && SameContent.same(memo.context, context) ? memo : new EntryMemo(context);
    }

    /** A memo with nothing to reuse, for a write that keeps nothing. */
    static EntryMemo empty(Object context) {
        return new EntryMemo(context);
    }

    /** Installs what the parts rendered, and registers this memo as {@code file}'s. */
    void keep(Path file) {
        int reused = 0;
        int rendered = 0;
        Map<String, Map<String, Rendered>> next = new HashMap<>();
        for (Pending p : pending) {
            Map<String, Rendered> old = sections.getOrDefault(p.name(), Map.of());
            Map<String, Rendered> entries = new HashMap<>(p.ids().length * 2);
            for (int i = 0; i < p.ids().length; i++) {
                Rendered r = p.next()[i];
                Rendered before = old.get(p.ids()[i]);
                if (before != null && r != null && before.member() == r.member()) {
                    reused++;
                } else {
                    rendered++;
                }
                if (r != null && r.inputs() != null) {
                    entries.put(p.ids()[i], r);
                }
            }
            next.put(p.name(), entries);
        }
        sections.clear();
        sections.putAll(next);
        pending.clear();
        counts = new Counts(reused, rendered);
        synchronized (BY_FILE) {
            BY_FILE.put(key(file), new SoftReference<>(this));
        }
    }

    /** What the last {@link #keep} installed. */
    Counts counts() {
        return counts;
    }

    /**
     * The parts that write the entries of section {@code name}, one per item in order: an item whose
     * {@code inputs} are the same as when its id was last written is copied, any other rendered by
     * {@code writer}. {@code inputs} may answer {@code null}: always rendered.
     */
    <T> List<Fragments.Raw> section(String name, List<T> items, Function<T, String> id, Function<T, Object> inputs,
                                    Writer<T> writer) {
        Map<String, Rendered> previous = sections.getOrDefault(name, Map.of());
        String[] ids = new String[items.size()];
        Rendered[] next = new Rendered[items.size()];
        pending.add(new Pending(name, ids, next));
        List<Fragments.Raw> parts = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            int start = from;
            int end = Math.min(items.size(), from + CHUNK);
            parts.add(out -> {
                Scratch scratch = null;
                JsonGenerator g = null;
                try {
                    boolean first = true;
                    for (int i = start; i < end; i++) {
                        T item = items.get(i);
                        ids[i] = id.apply(item);
                        Object in = inputs.apply(item);
                        Rendered old = in == null ? null : previous.get(ids[i]);
                        byte[] member;
                        if (old != null && SameContent.same(old.inputs(), in)) {
                            member = old.member();
                        } else {
                            if (g == null) {
                                scratch = new Scratch();
                                g = Fragments.JSON.createGenerator(scratch, JsonEncoding.UTF8);
                                g.writeStartObject();
                            }
                            g.flush();
                            int at = scratch.size();
                            writer.write(g, item);
                            g.flush();
                            member = scratch.range(at);
                        }
                        next[i] = new Rendered(in, member);
                        if (member.length > 0) {
                            if (!first) {
                                out.write(',');
                            }
                            out.write(member);
                            first = false;
                        }
                    }
                } finally {
                    if (g != null) {
                        g.close();
                    }
                }
            });
        }
        return parts;
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }

    /** A byte buffer that gives out a copy of what was written since a position, without the separator. */
    private static final class Scratch extends ByteArrayOutputStream {
        Scratch() {
            super(64 * 1024);
        }

        /** The bytes from {@code at} on, without the {@code ,} the generator put between members. */
        byte[] range(int at) {
            int from = at < count && buf[at] == ',' ? at + 1 : at;
            return Arrays.copyOfRange(buf, from, count);
        }
    }
}
