package dev.kiln.internal.cache;

import dev.kiln.CompileSummary;
import dev.kiln.ResourceType;
import dev.kiln.internal.report.AtomicFile;
import dev.kiln.internal.report.CompiledSqlWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Partial parsing's shortcut for a compile where nothing changed: {@link #FILE}, a small file
 * next to {@link PartialParse#FILE}, holds what the last successful compile read (the settings'
 * key, each input file's fingerprint, the environment variables' hashes, the size and time of
 * {@code source_columns.json}), what it wrote ({@code manifest.json}'s size and time, the
 * compiled tree's stamp and folders, the cache files' sizes and times) and what it printed (the {@code Found} line's counts, the compiled nodes by
 * type). When every input matches and every output is still as written, {@link #check} returns
 * that summary without reading the cache, loading the project or writing anything.
 *
 * <p>Only a compile that warned of nothing is recorded (its output is then only the summary).
 * A compiled file edited in place is not noticed, as {@link CompiledSqlWriter} does not notice it.
 */
public final class UpToDate {

    /** The file in the target directory. */
    public static final String FILE = "partial_parse.head";
    private static final String FORMAT = "kiln-partial-parse-head-2";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpToDate.class);

    private UpToDate() {
    }

    /**
     * What a record holds.
     *
     * @param format    {@link #FORMAT} when it is this Kiln's
     * @param key       the settings' key
     * @param files     the input files' fingerprints (not to be changed)
     * @param scannedAt when they were taken (milliseconds)
     * @param envHashes the environment variables read, name → hash
     * @param inputs    the inputs the fingerprints cover
     * @param outputs   output file (relative to the target directory) → its size and time (ns)
     * @param folders   the compiled tree's folders
     * @param treeDir   the compiled tree, relative to the target directory
     * @param found     the {@code Found} line's counts
     * @param nodes     the compiled nodes by type name
     */
    private record Head(Object format, Object key, Map<String, InputFiles.Entry> files, long scannedAt,
                        Map<String, String> envHashes, List<String> inputs, Map<String, List<Long>> outputs,
                        List<String> folders, String treeDir, Map<String, Integer> found, Map<String, Integer> nodes) {
    }

    /**
     * The record last read or written in this JVM (a long-lived process: the compiler daemon),
     * with the identity of the file then (size, modification and change times, inode): used
     * again while the file is still that one, held softly.
     */
    private static volatile SoftReference<Remembered> remembered = new SoftReference<>(null);

    private record Remembered(Path file, Object identity, Head head) {
    }

    /**
     * The summary of the last compile of the project in {@code root} when nothing it read changed
     * and what it wrote is as it wrote it; empty otherwise (the debug log says why). When only
     * input files changed, the walk that found it is left for partial parsing to use
     * ({@link InputFiles#offer}).
     *
     * @param targetDir the project's target directory (where the cache is)
     * @param env       the environment variables' lookup
     */
    public static Optional<CompileSummary> check(Path root, Path targetDir, PartialParse.Settings settings,
                                                 Function<String, String> env) {
        Path file = targetDir.resolve(FILE);
        long t0 = System.nanoTime();
        Head v;
        try {
            v = load(file);
        } catch (NoSuchFileException e) {
            return none("no " + FILE);
        } catch (IOException | RuntimeException e) {
            return none(FILE + " unreadable: " + e);
        }
        long t1 = System.nanoTime();
        try {
            if (!FORMAT.equals(v.format()) || !settings.key().equals(v.key())) {
                return none("settings or Kiln changed");
            }
            for (Map.Entry<String, List<Long>> o : v.outputs().entrySet()) {
                if (!o.getValue().equals(stamp(targetDir.resolve(o.getKey())))) {
                    return none(o.getKey() + " changed since it was written");
                }
            }
            if (!treeCurrent(targetDir.resolve(v.treeDir()), v.folders())) {
                return none("the compiled tree changed since it was written");
            }
            for (Map.Entry<String, String> e : v.envHashes().entrySet()) {
                if (!e.getValue().equals(RecordingEnv.hashOf(env.apply(e.getKey())))) {
                    return none("environment variable " + e.getKey() + " changed");
                }
            }
            long t2 = System.nanoTime();
            long at = System.currentTimeMillis();
            InputFiles.Listing listing;
            try {
                listing = InputFiles.list(root, targetDir, v.inputs(), at);
            } catch (IOException | RuntimeException e) {
                return none("input files cannot be listed: " + e);
            }
            Map<String, InputFiles.Entry> reread = new TreeMap<>();
            if (!InputFiles.unchanged(listing, v.files(), v.scannedAt(), reread)) {
                InputFiles.offer(listing);
                return none("input files changed (" + FILE + " read in " + (t1 - t0) / 1_000_000 + " ms, "
                        + listing.paths().size() + " inputs listed and compared in " + (System.nanoTime() - t2) / 1_000_000 + " ms)");
            }
            LOG.debug("partial parse: up to date; {} read in {} ms, settings and outputs checked in {} ms, {} inputs in {} ms",
                    FILE, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, v.files().size(), (System.nanoTime() - t2) / 1_000_000);
            CompileSummary summary = summary(v, targetDir);
            if (!reread.isEmpty()) { // files read again (modified close to the recording): record them, read once
                Map<String, InputFiles.Entry> now = new TreeMap<>(v.files());
                now.putAll(reread);
                try {
                    write(file, new Head(FORMAT, v.key(), now, at, v.envHashes(), v.inputs(), v.outputs(), v.folders(),
                            v.treeDir(), v.found(), v.nodes()));
                } catch (RuntimeException e) { // only a saving for the next check
                    LOG.debug("partial parse: {} not rewritten, {}", FILE, e.toString());
                }
            }
            return Optional.of(summary);
        } catch (RecordCodec.Unsupported | ClassCastException | ArrayIndexOutOfBoundsException | IllegalArgumentException
                 | NullPointerException e) {
            return none(e.toString());
        }
    }

    /**
     * Records a successful compile that warned of nothing, after its artifacts and cache were written.
     *
     * @param key       the settings' key
     * @param files     the input files' fingerprints, as {@link PartialParse} saves them (kept: not to be changed)
     * @param envHashes the environment variables read, name → hash
     * @param tree      the compiled tree as written
     * @param found     the {@code Found} line's counts
     * @param nodes     the compiled nodes by type
     */
    static void record(Path targetDir, String key, Map<String, InputFiles.Entry> files, long scannedAt,
                       Map<String, String> envHashes, List<String> inputs, CompiledSqlWriter.Tree tree,
                       Map<String, Integer> found, Map<ResourceType, Integer> nodes) throws IOException {
        Map<String, List<Long>> outputs = new TreeMap<>();
        // source_columns.json: what the analysis read of the warehouse's sources (kiln source columns)
        for (String f : List.of("manifest.json", PartialParse.FILE, PartialParse.DELTA,
                dev.kiln.internal.analyze.SourceColumns.FILE, targetDir.relativize(tree.stamp()).toString())) {
            outputs.put(f.replace('\\', '/'), stamp(targetDir.resolve(f)));
        }
        Map<String, Integer> byType = new LinkedHashMap<>();
        nodes.forEach((t, n) -> byType.put(t.name(), n));
        write(targetDir.resolve(FILE), new Head(FORMAT, key, Collections.unmodifiableMap(files), scannedAt,
                new TreeMap<>(envHashes), List.copyOf(inputs), outputs, List.copyOf(tree.folders()),
                targetDir.relativize(tree.dir()).toString().replace('\\', '/'), new LinkedHashMap<>(found), byType));
    }

    /** Removes the record (any compile that writes outputs without recording them). */
    static void forget(Path targetDir) {
        try {
            Files.deleteIfExists(targetDir.resolve(FILE));
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", FILE, e.toString());
        }
    }

    /**
     * Writes {@code head}: its small parts in the codec's encoding, then the file table (path,
     * size, time, hash per file) straight to the file, nothing built in memory for it; the
     * record is then remembered for this JVM's next check.
     */
    private static void write(Path file, Head head) {
        byte[] bytes = PartialParse.encode(RecordCodec.Secrets.NONE, head.format(), head.key(), head.scannedAt(),
                head.envHashes(), head.inputs(), head.outputs(), head.folders(), head.treeDir(), head.found(),
                head.nodes(), "end");
        AtomicFile.write(file, "partial-parse", out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            data.writeInt(bytes.length);
            data.write(bytes);
            data.writeInt(head.files().size());
            for (Map.Entry<String, InputFiles.Entry> e : head.files().entrySet()) {
                data.writeUTF(e.getKey());
                data.writeLong(e.getValue().size());
                data.writeLong(e.getValue().modified());
                data.writeUTF(e.getValue().hash());
            }
            data.flush();
        });
        try {
            remember(file, identity(file), head);
        } catch (IOException e) {
            remembered = new SoftReference<>(null);
        }
    }

    /** The record in {@code file}: the one remembered when the file is still that one, else read (and remembered). */
    private static Head load(Path file) throws IOException {
        Object identity = identity(file);
        Remembered r = remembered.get();
        Path absolute = file.toAbsolutePath().normalize();
        if (r != null && r.file().equals(absolute) && r.identity().equals(identity)) {
            return r.head();
        }
        Head head = read(file);
        remember(file, identity, head); // read after the identity was taken: a later change shows as another identity
        return head;
    }

    private static void remember(Path file, Object identity, Head head) {
        remembered = new SoftReference<>(new Remembered(file.toAbsolutePath().normalize(), identity, head));
    }

    /**
     * What tells this file from any other version of it: size, modification and change times and
     * inode where the file system says (a rename or any write shows), else size, time and file key.
     */
    private static Object identity(Path file) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino,dev",
                    LinkOption.NOFOLLOW_LINKS);
            return List.of(a.get("size"), a.get("lastModifiedTime"), a.get("ctime"), a.get("ino"), a.get("dev"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return java.util.Arrays.asList(a.size(), a.lastModifiedTime(), a.fileKey());
        }
    }

    @SuppressWarnings("unchecked")
    private static Head read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] part = new byte[in.readInt()];
            in.readFully(part);
            RecordCodec.Reader r = new RecordCodec.Reader(part, RecordCodec.Secrets.NONE);
            List<Object> v = new ArrayList<>();
            Object o;
            while (!"end".equals(o = r.read())) {
                v.add(o);
                if (v.size() == 1 && !FORMAT.equals(o)) { // another Kiln's: not read further
                    return new Head(o, null, Map.of(), 0, Map.of(), List.of(), Map.of(), List.of(), "", Map.of(), Map.of());
                }
            }
            int count = in.readInt();
            Map<String, InputFiles.Entry> files = new HashMap<>(Math.max(4, count * 2));
            for (int i = 0; i < count; i++) {
                String path = in.readUTF();
                files.put(path, new InputFiles.Entry(in.readLong(), in.readLong(), in.readUTF()));
            }
            return new Head(v.get(0), v.get(1), Collections.unmodifiableMap(files), (Long) v.get(2),
                    (Map<String, String>) v.get(3), (List<String>) v.get(4), (Map<String, List<Long>>) v.get(5),
                    (List<String>) v.get(6), (String) v.get(7), (Map<String, Integer>) v.get(8), (Map<String, Integer>) v.get(9));
        } catch (RecordCodec.Unsupported | ClassCastException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IOException("damaged: " + e, e);
        }
    }

    private static CompileSummary summary(Head v, Path targetDir) {
        Map<ResourceType, Integer> nodes = new EnumMap<>(ResourceType.class);
        v.nodes().forEach((t, n) -> nodes.put(ResourceType.valueOf(t), n));
        return new CompileSummary(new dev.kiln.ResourceCounts(v.found()), nodes, targetDir);
    }

    /** Size and modification time (nanoseconds), or {@code [-1, -1]} for a missing file. */
    private static List<Long> stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return List.of(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return List.of(-1L, -1L);
        }
    }

    /** No folder of the tree changed after its stamp was written (a file added, removed or renamed in it). */
    private static boolean treeCurrent(Path dir, List<String> folders) {
        try {
            FileTime written = Files.getLastModifiedTime(dir.resolve(".kiln-digest"), LinkOption.NOFOLLOW_LINKS);
            if (Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).compareTo(written) > 0) {
                return false;
            }
            for (String f : folders) {
                Path p = dir.resolve(f);
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        || Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(written) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<CompileSummary> none(String why) {
        LOG.debug("partial parse: not up to date, {}", why);
        return Optional.empty();
    }
}
