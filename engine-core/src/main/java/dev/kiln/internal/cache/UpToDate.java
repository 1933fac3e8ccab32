package dev.kiln.internal.cache;

import dev.kiln.CompileSummary;
import dev.kiln.ResourceType;
import dev.kiln.internal.report.AtomicFile;
import dev.kiln.internal.report.CompiledSqlWriter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumMap;
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
    private static final String FORMAT = "kiln-partial-parse-head-1";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UpToDate.class);

    private UpToDate() {
    }

    /**
     * The summary of the last compile of the project in {@code root} when nothing it read changed
     * and what it wrote is as it wrote it; empty otherwise (the debug log says why).
     *
     * @param targetDir the project's target directory (where the cache is)
     * @param env       the environment variables' lookup
     */
    public static Optional<CompileSummary> check(Path root, Path targetDir, PartialParse.Settings settings,
                                                 Function<String, String> env) {
        Path file = targetDir.resolve(FILE);
        long t0 = System.nanoTime();
        Object[] v;
        try {
            v = read(file);
        } catch (NoSuchFileException e) {
            return none("no " + FILE);
        } catch (IOException | RuntimeException e) {
            return none(FILE + " unreadable: " + e);
        }
        long t1 = System.nanoTime();
        try {
            if (!FORMAT.equals(v[0]) || !settings.key().equals(v[1])) {
                return none("settings or Kiln changed");
            }
            Map<String, InputFiles.Entry> files = entries(v[2]);
            long scannedAt = (Long) v[3];
            @SuppressWarnings("unchecked") Map<String, String> envHashes = (Map<String, String>) v[4];
            @SuppressWarnings("unchecked") List<String> inputs = (List<String>) v[5];
            @SuppressWarnings("unchecked") Map<String, List<Long>> outputs = (Map<String, List<Long>>) v[6];
            @SuppressWarnings("unchecked") List<String> folders = (List<String>) v[7];
            String treeDir = (String) v[8];
            for (Map.Entry<String, List<Long>> o : outputs.entrySet()) {
                if (!o.getValue().equals(stamp(targetDir.resolve(o.getKey())))) {
                    return none(o.getKey() + " changed since it was written");
                }
            }
            if (!treeCurrent(targetDir.resolve(treeDir), folders)) {
                return none("the compiled tree changed since it was written");
            }
            for (Map.Entry<String, String> e : envHashes.entrySet()) {
                if (!e.getValue().equals(RecordingEnv.hashOf(env.apply(e.getKey())))) {
                    return none("environment variable " + e.getKey() + " changed");
                }
            }
            long t2 = System.nanoTime();
            long at = System.currentTimeMillis();
            Map<String, InputFiles.Entry> reread = new TreeMap<>();
            if (!InputFiles.unchanged(root, targetDir, inputs, files, scannedAt, reread)) {
                return none("input files changed");
            }
            LOG.debug("partial parse: up to date; {} read in {} ms, settings and outputs checked in {} ms, {} inputs in {} ms",
                    FILE, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, files.size(), (System.nanoTime() - t2) / 1_000_000);
            CompileSummary summary = summary(v, targetDir);
            if (!reread.isEmpty()) { // files read again (modified close to the recording): record them, read once
                Map<String, InputFiles.Entry> now = new TreeMap<>(files);
                now.putAll(reread);
                try {
                    write(file, v[1], now, at, envHashes, inputs, outputs, folders, treeDir, v[9], v[10]);
                } catch (RuntimeException e) { // only a saving for the next check
                    LOG.debug("partial parse: {} not rewritten, {}", FILE, e.toString());
                }
            }
            return Optional.of(summary);
        } catch (RecordCodec.Unsupported | ClassCastException | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            return none(e.toString());
        }
    }

    /**
     * Records a successful compile that warned of nothing, after its artifacts and cache were written.
     *
     * @param key       the settings' key
     * @param files     the input files' fingerprints, as {@link PartialParse} saves them
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
        write(targetDir.resolve(FILE), key, files, scannedAt, envHashes, inputs, outputs, tree.folders(),
                targetDir.relativize(tree.dir()).toString().replace('\\', '/'), new LinkedHashMap<>(found), byType);
    }

    /** Removes the record (any compile that writes outputs without recording them). */
    static void forget(Path targetDir) {
        try {
            Files.deleteIfExists(targetDir.resolve(FILE));
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", FILE, e.toString());
        }
    }

    private static void write(Path file, Object key, Map<String, InputFiles.Entry> files, long scannedAt,
                              Map<String, String> envHashes, List<String> inputs, Map<String, List<Long>> outputs,
                              List<String> folders, String treeDir, Object found, Object nodes) {
        Map<String, List<Object>> fileList = new TreeMap<>();
        files.forEach((k, e) -> fileList.put(k, List.of(e.size(), e.modified(), e.hash())));
        byte[] bytes = PartialParse.encode(RecordCodec.Secrets.NONE, FORMAT, key, fileList, scannedAt,
                new TreeMap<>(envHashes), List.copyOf(inputs), outputs, List.copyOf(folders), treeDir, found, nodes, "end");
        AtomicFile.write(file, "partial-parse", out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(bytes.length);
            data.write(bytes);
            data.flush();
        });
    }

    private static Object[] read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        RecordCodec.Reader r = new RecordCodec.Reader(part, RecordCodec.Secrets.NONE);
        List<Object> vs = new ArrayList<>();
        Object o;
        while (!"end".equals(o = r.read())) {
            vs.add(o);
        }
        return vs.toArray();
    }

    @SuppressWarnings("unchecked")
    private static CompileSummary summary(Object[] v, Path targetDir) {
        Map<ResourceType, Integer> nodes = new EnumMap<>(ResourceType.class);
        ((Map<String, Integer>) v[10]).forEach((t, n) -> nodes.put(ResourceType.valueOf(t), n));
        return new CompileSummary(new dev.kiln.ResourceCounts((Map<String, Integer>) v[9]), nodes, targetDir);
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

    @SuppressWarnings("unchecked")
    private static Map<String, InputFiles.Entry> entries(Object stored) {
        Map<String, List<Object>> list = (Map<String, List<Object>>) stored;
        Map<String, InputFiles.Entry> files = new java.util.HashMap<>(list.size() * 2);
        list.forEach((k, e) -> files.put(k,
                new InputFiles.Entry((Long) e.get(0), (Long) e.get(1), (String) e.get(2))));
        return files;
    }

    private static Optional<CompileSummary> none(String why) {
        LOG.debug("partial parse: not up to date, {}", why);
        return Optional.empty();
    }
}
