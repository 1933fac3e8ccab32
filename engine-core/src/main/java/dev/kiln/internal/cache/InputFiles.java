package dev.kiln.internal.cache;

import dev.kiln.internal.util.Murmur3;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fingerprint of the files a compile reads: each file under the project's inputs (the folders
 * and files {@link PartialParse} names: model, seed, test, macro and snapshot paths, packages,
 * {@code kiln.yml} and the few other project files at the root; or, before the project is
 * known, every file under the project directory), symbolic links followed, outside the target
 * directory, hidden folders and {@code node_modules}, by its relative path and a 128-bit hash of
 * its content.
 *
 * <p>As git's index does, a file whose size and modification time are those recorded last time
 * keeps its recorded hash without being read, unless it was modified within {@link #RACY_MILLIS}
 * of the time the record was written (an edit in the same clock tick could hide then).
 */
final class InputFiles {

    /** Files larger than this are fingerprinted by size and modification time, not read (data files). */
    private static final long READ_LIMIT = 4L << 20;
    /** A file modified this close to (or after) the recording is read again. */
    static final long RACY_MILLIS = 2000;

    /**
     * One file's fingerprint.
     *
     * @param size     bytes
     * @param modified modification time, milliseconds
     * @param hash     content hash (or size and time, for a large file)
     */
    record Entry(long size, long modified, String hash) {
    }

    private InputFiles() {
    }

    /**
     * Relative path ('/'-separated) → fingerprint, sorted by path.
     *
     * @param previous   the last recording (path → entry), or an empty map
     * @param recordedAt when {@code previous} was recorded (milliseconds)
     */
    static Map<String, Entry> scan(Path root, Path targetDir, Map<String, Entry> previous, long recordedAt) {
        return scan(root, targetDir, null, previous, recordedAt);
    }

    /**
     * Like {@link #scan(Path, Path, Map, long)}, of the files under {@code inputs} only (paths
     * relative to {@code root}, folders or files; one that does not exist is left out), or of
     * every file under {@code root} when {@code inputs} is {@code null}.
     */
    static Map<String, Entry> scan(Path root, Path targetDir, List<String> inputs, Map<String, Entry> previous,
                                   long recordedAt) {
        Path skip = targetDir.toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        List<BasicFileAttributes> attrs = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        List<Path> starts = new ArrayList<>();
        if (inputs == null) {
            starts.add(root);
        } else {
            for (String in : inputs) {
                starts.add(root.resolve(in).normalize());
            }
        }
        try {
            for (Path start : starts) {
                if (inputs != null && !Files.exists(start)) {
                    continue;
                }
                walk(start, skip, (file, a) -> {
                    if (seen.add(file)) {
                        files.add(file);
                        attrs.add(a);
                    }
                    return true;
                });
            }
        } catch (IOException | RuntimeException e) {
            throw new RecordCodec.Unsupported("cannot list " + root + ": " + e);
        }
        Map<String, Entry> out = new ConcurrentHashMap<>();
        java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
            String rel = root.relativize(files.get(i)).toString().replace('\\', '/');
            BasicFileAttributes a = attrs.get(i);
            long size = a.size();
            long modified = a.lastModifiedTime().toMillis();
            Entry before = previous.get(rel);
            if (before != null && before.size() == size && before.modified() == modified
                    && modified < recordedAt - RACY_MILLIS) {
                out.put(rel, before);
            } else {
                out.put(rel, new Entry(size, modified, fingerprint(files.get(i), size, modified)));
            }
        });
        return new TreeMap<>(out);
    }

    /**
     * Whether the files under {@code inputs} are exactly those of {@code previous} with the same
     * contents: each listed, of the recorded size and time (or, modified close to
     * {@code recordedAt}, of the recorded hash), and no other. A leaner {@link #scan} for
     * partial parsing's up-to-date check: one pass, no map built.
     *
     * @param reread receives the fingerprints of the files read again (modified close to the recording)
     */
    static boolean unchanged(Path root, Path targetDir, List<String> inputs, Map<String, Entry> previous,
                             long recordedAt, Map<String, Entry> reread) {
        Path skip = targetDir.toAbsolutePath().normalize();
        int rootLength = root.toString().length() + 1;
        java.util.Set<String> seen = new java.util.HashSet<>(previous.size() * 2);
        boolean[] same = {true};
        try {
            for (String in : inputs) {
                Path start = root.resolve(in).normalize();
                if (!Files.exists(start)) {
                    continue;
                }
                walk(start, skip, (file, a) -> {
                    String rel = file.equals(root) ? "" : file.toString().substring(rootLength);
                    if (java.io.File.separatorChar != '/') {
                        rel = rel.replace(java.io.File.separatorChar, '/');
                    }
                    if (!seen.add(rel)) {
                        return true;
                    }
                    Entry before = previous.get(rel);
                    long modified = a.lastModifiedTime().toMillis();
                    if (before == null || before.size() != a.size()) {
                        same[0] = false;
                        return false;
                    }
                    if (before.modified() != modified || modified >= recordedAt - RACY_MILLIS) {
                        Entry now = new Entry(a.size(), modified, fingerprint(file, a.size(), modified));
                        if (!now.hash().equals(before.hash())) {
                            same[0] = false;
                            return false;
                        }
                        reread.put(rel, now);
                    }
                    return true;
                });
                if (!same[0]) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return seen.size() == previous.size();
    }

    /** What {@link #walk} does with each input file; {@code false} stops the walk. */
    private interface OnFile {
        boolean visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Walks the regular files under {@code start} (following links), leaving out hidden files and
     * folders, {@code node_modules} and everything under {@code skip} (the target folder).
     */
    private static void walk(Path start, Path skip, OnFile onFile) throws IOException {
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                if (dir.equals(start)) {
                    return dir.startsWith(skip) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }
                String name = dir.getFileName().toString();
                return dir.startsWith(skip) || name.startsWith(".") || name.equals("node_modules")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                if (!a.isRegularFile() || file.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.CONTINUE;
                }
                return onFile.visit(file, a) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
    }

    private static String fingerprint(Path file, long size, long modified) {
        if (size > READ_LIMIT) {
            return "size:" + size + ",mtime:" + modified;
        }
        try {
            return hash(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new RecordCodec.Unsupported("cannot read " + file + ": " + e);
        }
    }

    /** The hash of {@code bytes}, as in the fingerprints. */
    static String hash(byte[] bytes) {
        Murmur3 m = new Murmur3();
        m.update(bytes, 0, bytes.length);
        return HexFormat.of().formatHex(m.digest());
    }
}
