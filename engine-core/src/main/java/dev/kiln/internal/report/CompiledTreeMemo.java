package dev.kiln.internal.report;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Node;
import dev.kiln.ResourceType;

import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the last {@link CompiledSqlWriter#write} of one compiled tree ({@code compiled/<project>})
 * made in this process, so that the next write of it — the compiler daemon's edit compile, one
 * model of 10,000 edited — encodes and hashes only the files whose SQL changed, and need not read
 * its stamp back:
 * <ul>
 *   <li>each node's compiled file ({@link Slot}): its path, computed again only when the node is
 *       another object whose type, name or origin differ, and the hash of its SQL, computed again
 *       only when the SQL is neither the very same {@code String} nor an equal one;</li>
 *   <li>the files sorted by path, their folders and the tree's digest, kept while no node is
 *       added, removed or moved;</li>
 *   <li>what the stamp file on disk holds ({@link Stamp}) as this process last wrote or read it,
 *       trusted only while the file still has the size, modification time and identity it had
 *       then (anything else, e.g. another process's compile or a hand edit, and it is read
 *       again).</li>
 * </ul>
 * The files on disk are checked as before (the folders' times against the stamp's): the memo only
 * spares work whose result it already knows, never a check of the disk.
 * <p>
 * Held softly, for the last few trees; taken out while a tree is written and put back only once it
 * is, so two writers never share one, and a write that failed leaves nothing behind to trust.
 */
final class CompiledTreeMemo {

    /** One node's compiled file: where it goes, its SQL, the hash of that SQL's UTF-8 bytes. */
    static final class Slot {
        /** The node the path was computed from. */
        private Node node;
        /** Relative to {@code compiled/<project>}, {@code /}-separated; {@code null} or empty: no file. */
        String path;
        /** The compiled SQL last seen, the one {@link #hash} is of. */
        private String sql;
        /** {@link CompiledSqlWriter#hash} of {@link #sql}'s UTF-8 bytes. */
        String hash;
        /** The bytes of {@link #sql}, while a write that encoded them is under way; else {@code null}. */
        byte[] bytes;
        /** The write that last saw this node. */
        private long seen;

        /** The file's content, encoded again when it is not at hand. */
        byte[] content() {
            return bytes != null ? bytes : sql.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * The stamp file on disk as this process last wrote or read it: its digest, the hash of each file
     * by path (owned by the memo: changed in place when the tree is patched; {@code null} when only
     * the first line was read: a digest that matches says nothing of the lines below it, which a
     * hand may have edited), and the file's attributes then.
     */
    static final class Stamp {
        final String digest;
        final Map<String, String> hashes;
        private final long size;
        private final FileTime modified;
        private final Object key;

        Stamp(String digest, Map<String, String> hashes, BasicFileAttributes file) {
            this.digest = digest;
            this.hashes = hashes;
            this.size = file.size();
            this.modified = file.lastModifiedTime();
            this.key = file.fileKey();
        }

        /** Whether {@code file} is still the stamp this describes (same size, time and identity). */
        boolean describes(BasicFileAttributes file) {
            return file.isRegularFile() && file.size() == size && file.lastModifiedTime().equals(modified)
                    && Objects.equals(file.fileKey(), key);
        }
    }

    /** What one write reused, for the debug line and the tests. */
    record Counts(int files, int encoded, boolean stampRead) {
    }

    /**
     * This compile's files, sorted by path (one per path: of two nodes with one path, the later in
     * the project's order), with their folders.
     *
     * @param moved   whether a file was added, removed or moved since the last write (or there was none)
     * @param encoded the files whose SQL was encoded and hashed, their bytes in {@link Slot#bytes}
     * @param sameSql how many files had the very same SQL object as in the last write (the others
     *                were compared)
     * @param lines   the stamp's {@code hash\tpath} lines
     * @param digest  the tree's digest, {@link CompiledSqlWriter#digest} of {@code lines}
     */
    record Listing(Slot[] sorted, List<String> folders, boolean moved, List<Slot> encoded, int sameSql, byte[] lines,
                   String digest) {
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompiledTreeMemo.class);
    /** Trees whose memo is kept. */
    private static final int KEPT = 4;
    private static final Map<Path, SoftReference<CompiledTreeMemo>> BY_TREE = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, SoftReference<CompiledTreeMemo>> eldest) {
            return size() > KEPT;
        }
    };
    private static final Comparator<Slot> BY_PATH = Comparator.comparing(s -> s.path);

    private final Map<String, Slot> slots = new HashMap<>();
    /** The last write's slot of each node, by its position in the project (looked at first). */
    private Slot[] byPosition = new Slot[0];
    /** The stamp's lines for {@link #sorted}, or {@code null} (to be built). */
    private byte[] lines;
    /** The number of the write under way (each {@link #files} starts one). */
    private long write;
    /** The last write's files by path, or {@code null}. */
    private Slot[] sorted;
    /** Whether two files of the last write had one path (then {@link #sorted} is never reused). */
    private boolean clashed;
    private List<String> folders;
    /** The digest of {@link #lines}, or {@code null} (to be computed). */
    private String digest;
    /** The stamp on disk, as last written or read, or {@code null}. */
    Stamp stamp;
    /** Whether this write read the stamp file (set by the writer). */
    boolean stampRead;
    private Counts counts = new Counts(0, 0, false);

    private CompiledTreeMemo() {
    }

    /** The memo of {@code dir}'s last write in this process, else an empty one; no longer registered until {@link #keep}. */
    static CompiledTreeMemo take(Path dir) {
        SoftReference<CompiledTreeMemo> ref;
        synchronized (BY_TREE) {
            ref = BY_TREE.remove(key(dir));
        }
        CompiledTreeMemo memo = ref == null ? null : ref.get();
        if (memo == null) {
            LOG.debug("compiled SQL tree: nothing to reuse ({})", ref == null ? "no earlier write in this process" : "collected");
            return new CompiledTreeMemo();
        }
        return memo;
    }

    /** Registers this memo as {@code dir}'s, once its tree is written; {@code counts}: what the write did. */
    void keep(Path dir, Counts counts) {
        this.counts = counts;
        synchronized (BY_TREE) {
            BY_TREE.put(key(dir), new SoftReference<>(this));
        }
    }

    /** What the last write kept for {@code dir} did, or {@code null} (for the tests). */
    static Counts counts(Path dir) {
        SoftReference<CompiledTreeMemo> ref;
        synchronized (BY_TREE) {
            ref = BY_TREE.get(key(dir));
        }
        CompiledTreeMemo memo = ref == null ? null : ref.get();
        return memo == null ? null : memo.counts;
    }

    /**
     * The compiled files of {@code project}: each node's path and hash reused from the last write
     * when its node and SQL are the same, else computed (and the SQL's bytes kept in
     * {@link Slot#bytes} for this write).
     */
    Listing files(CompiledProject project) {
        long now = ++write;
        stampRead = false;
        Slot[] next = new Slot[project.nodes().size()];
        int count = 0;
        int same = 0;
        List<Slot> encoded = new ArrayList<>();
        boolean moved = sorted == null || clashed;
        int i = -1;
        for (CompiledNode c : project.nodes()) {
            i++;
            Node n = c.node();
            if (n.resourceType() == ResourceType.SEED || n.resourceType() == ResourceType.EXPOSURE) {
                continue;
            }
            Slot s = i < byPosition.length ? byPosition[i] : null;
            if (s == null || s.node != n) { // not where it was: by id
                s = slots.get(n.uniqueId());
            }
            if (s == null) {
                s = new Slot();
                slots.put(n.uniqueId(), s);
                moved = true;
            } else if (s.seen != now - 1) {
                moved = true; // not in the last write, or twice in this one
            }
            s.seen = now;
            if (s.node != n) {
                String path = s.node != null && samePlace(s.node, n) ? s.path : NodePaths.compiled(n);
                moved |= !Objects.equals(path, s.path);
                s.node = n;
                s.path = path;
            }
            if (s.path == null || s.path.isEmpty()) {
                moved = true;
                continue;
            }
            String sql = c.compiledSql() == null ? "" : c.compiledSql();
            if (s.sql == sql) {
                same++;
            } else {
                if (!sql.equals(s.sql)) {
                    s.bytes = sql.getBytes(StandardCharsets.UTF_8);
                    s.hash = CompiledSqlWriter.hash(s.bytes);
                    encoded.add(s);
                }
                s.sql = sql; // the latest equal one: the memo keeps no older copy alive
            }
            next[i] = s;
            count++;
        }
        byPosition = next;
        if (!moved && count != sorted.length) {
            moved = true;
        }
        if (moved) {
            Slot[] all = new Slot[count];
            int at = 0;
            for (Slot s : next) {
                if (s != null) {
                    all[at++] = s;
                }
            }
            Arrays.sort(all, BY_PATH); // stable: of two nodes with one path, the later stays last
            int kept = 0;
            for (int k = 0; k < all.length; k++) {
                if (k + 1 < all.length && all[k].path.equals(all[k + 1].path)) {
                    continue;
                }
                all[kept++] = all[k];
            }
            clashed = kept != all.length;
            sorted = kept == all.length ? all : Arrays.copyOf(all, kept);
            folders = null;
            slots.values().removeIf(s -> s.seen != now);
        }
        if (folders == null) {
            List<String> paths = new ArrayList<>(sorted.length);
            for (Slot s : sorted) {
                paths.add(s.path);
            }
            folders = List.copyOf(CompiledSqlWriter.folders(paths));
        }
        if (moved || !encoded.isEmpty() || digest == null) {
            lines = lines(sorted);
            digest = CompiledSqlWriter.digest(lines);
        }
        return new Listing(sorted, folders, moved, encoded, same, lines, digest);
    }

    /** The stamp's lines: the hash and the path of each file, one a line, in path order. */
    private static byte[] lines(Slot[] sorted) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(sorted.length * 64);
        for (Slot s : sorted) {
            out.writeBytes((s.hash + '\t' + s.path + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Same type, name and origin: the same compiled path. */
    private static boolean samePlace(Node a, Node b) {
        return a.resourceType() == b.resourceType() && a.name().equals(b.name())
                && a.origin().path().equals(b.origin().path());
    }

    /** Drops the bytes this write encoded (the memo keeps hashes, not contents). */
    static void release(Listing files) {
        for (Slot s : files.encoded()) {
            s.bytes = null;
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }
}
