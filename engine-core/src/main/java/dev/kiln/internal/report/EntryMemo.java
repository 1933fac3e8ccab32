package dev.kiln.internal.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    /**
     * A section as last written: its entries' ids in order and what each was rendered from (filled
     * by the parts while it is written); looked up by position first (the order rarely changes),
     * by id otherwise.
     */
    private static final class Section {
        final String[] ids;
        final Rendered[] entries;
        final int[] reused;
        private Map<String, Integer> index;

        Section(int size, int parts) {
            ids = new String[size];
            entries = new Rendered[size];
            reused = new int[parts];
        }

        /** What {@code id}, now at {@code at}, was last rendered from, or {@code null}. */
        Rendered find(int at, String id) {
            if (at < ids.length && id.equals(ids[at])) {
                return entries[at];
            }
            Integer i = index().get(id);
            return i == null ? null : entries[i];
        }

        private synchronized Map<String, Integer> index() {
            if (index == null) {
                index = new HashMap<>(ids.length * 2);
                for (int i = 0; i < ids.length; i++) {
                    index.put(ids[i], i);
                }
            }
            return index;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EntryMemo.class);

    private static final Section NONE = new Section(0, 0);
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
    private final Map<String, Section> sections = new HashMap<>();
    private final Map<String, Section> pending = new LinkedHashMap<>();
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
        if (memo != null && SameContent.same(memo.context, context)) {
            return memo;
        }
        LOG.debug("{}: nothing to reuse ({})", file.getFileName(), ref == null ? "no earlier write in this process"
                : memo == null ? "collected" : "written in another context");
        return new EntryMemo(context);
    }

    /** A memo with nothing to reuse, for a write that keeps nothing. */
    static EntryMemo empty(Object context) {
        return new EntryMemo(context);
    }

    /** Installs what the parts rendered, and registers this memo as {@code file}'s. */
    void keep(Path file) {
        int reused = 0;
        int total = 0;
        for (Section s : pending.values()) {
            total += s.ids.length;
            for (int n : s.reused) {
                reused += n;
            }
        }
        sections.clear();
        sections.putAll(pending);
        pending.clear();
        counts = new Counts(reused, total - reused);
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
     * {@code inputs} are the same as when its id was last written keeps its bytes (and those inputs), any other
     * is rendered by {@code writer}. {@code inputs} may answer {@code null}: always rendered. Kept bytes are not
     * copied: the part's {@link Fragments.Rendered} writes each member's array straight to the output.
     */
    <T> List<Fragments.Part> section(String name, List<T> items, Function<T, String> id, Function<T, Object> inputs,
                                     Writer<T> writer) {
        Section previous = sections.getOrDefault(name, NONE);
        Section next = new Section(items.size(), (items.size() + CHUNK - 1) / CHUNK);
        pending.put(name, next);
        List<Fragments.Part> parts = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            int start = from;
            int end = Math.min(items.size(), from + CHUNK);
            int part = from / CHUNK;
            parts.add(() -> {
                Scratch scratch = null;
                JsonGenerator g = null;
                int reused = 0;
                try {
                    for (int i = start; i < end; i++) {
                        T item = items.get(i);
                        String key = id.apply(item);
                        Object in = inputs.apply(item);
                        Rendered old = in == null ? null : previous.find(i, key);
                        if (old != null && SameContent.same(old.inputs(), in)) {
                            next.entries[i] = old; // the same content: the earlier inputs serve as well
                            reused++;
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
                            next.entries[i] = new Rendered(in, scratch.range(at));
                        }
                        next.ids[i] = key;
                    }
                    next.reused[part] = reused;
                } finally {
                    if (g != null) {
                        g.close();
                    }
                }
                return new Members(next.entries, start, end);
            });
        }
        return parts;
    }

    /** The members of entries {@code [start, end)} of a section, written without copying them first. */
    private record Members(Rendered[] entries, int start, int end) implements Fragments.Rendered {
        @Override
        public boolean isEmpty() {
            for (int i = start; i < end; i++) {
                if (entries[i].member().length > 0) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void writeMembersTo(java.io.OutputStream out) throws IOException {
            boolean first = true;
            for (int i = start; i < end; i++) {
                byte[] member = entries[i].member();
                if (member.length > 0) {
                    if (!first) {
                        out.write(',');
                    }
                    out.write(member);
                    first = false;
                }
            }
        }
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
