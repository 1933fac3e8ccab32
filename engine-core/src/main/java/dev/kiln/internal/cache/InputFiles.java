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
     * The regular files one walk found under a project's inputs, with what the walk read of them
     * (size and modification time), for {@link #unchanged} and {@link #scan(Listing, Map, long)}:
     * the up-to-date check's walk is handed to partial parsing's scan ({@link #offer}, {@link #take})
     * so that a request walks the project once.
     *
     * @param root       the project directory
     * @param targetDir  the target directory (left out of the walk)
     * @param inputs     the inputs walked (paths relative to {@code root}), or {@code null}: everything
     * @param at         when the walk started (milliseconds): every size and time read is this new or newer
     * @param paths      relative paths ('/'-separated), in walk order
     * @param files      the files, in the same order
     * @param sizes      each file's size as the walk read it, in the same order
     * @param modified   each file's modification time (milliseconds) as the walk read it, in the same order
     * @param hashed     fingerprints taken from these very sizes and times (by {@link #unchanged}), by path
     */
    record Listing(Path root, Path targetDir, List<String> inputs, long at, List<String> paths, List<Path> files,
                   long[] sizes, long[] modified, Map<String, Entry> hashed) {
    }

    /** A listing handed from the up-to-date check to partial parsing on the same thread. */
    private record Handoff(Listing listing, Thread thread, long madeNanos) {
    }

    /** A listing older than this is not handed over (the check and the load follow each other at once). */
    static final long HANDOFF_MILLIS = 1000;
    private static final java.util.concurrent.atomic.AtomicReference<Handoff> HANDOFF =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * Leaves {@code listing} for the next {@link #take} on this thread: the up-to-date check found
     * files changed, and partial parsing follows.
     */
    static void offer(Listing listing) {
        HANDOFF.set(new Handoff(listing, Thread.currentThread(), System.nanoTime()));
    }

    /**
     * The listing this thread {@link #offer offered} less than {@link #HANDOFF_MILLIS} ago, of the
     * same project, target directory and inputs, or {@code null}; taken once (a listing offered by
     * this thread is dropped either way).
     */
    static Listing take(Path root, Path targetDir, List<String> inputs) {
        Handoff h = HANDOFF.get();
        if (h == null || h.thread() != Thread.currentThread() || !HANDOFF.compareAndSet(h, null)) {
            return null;
        }
        Listing l = h.listing();
        boolean fresh = System.nanoTime() - h.madeNanos() < HANDOFF_MILLIS * 1_000_000;
        return fresh && l.root().equals(root) && l.targetDir().equals(targetDir) && java.util.Objects.equals(l.inputs(), inputs)
                ? l : null;
    }

    /**
     * Relative path ('/'-separated) → fingerprint, sorted by path, of the files under {@code inputs}
     * (paths relative to {@code root}, folders or files; one that does not exist is left out), or of
     * every file under {@code root} when {@code inputs} is {@code null}.
     *
     * @param previous   the last recording (path → entry), or an empty map
     * @param recordedAt when {@code previous} was recorded (milliseconds)
     */
    static Map<String, Entry> scan(Path root, Path targetDir, List<String> inputs, Map<String, Entry> previous,
                                   long recordedAt) {
        Listing listing;
        try {
            listing = list(root, targetDir, inputs, System.currentTimeMillis());
        } catch (IOException | RuntimeException e) {
            throw new RecordCodec.Unsupported("cannot list " + root + ": " + e);
        }
        return scan(listing, previous, recordedAt);
    }

    /**
     * The fingerprints of the files of {@code listing}, sorted by path: a file whose size and time
     * are those of {@code previous} (and not modified close to {@code recordedAt}) keeps its
     * recorded hash; one {@link Listing#hashed} holds for these very size and time keeps that one;
     * the others are read.
     */
    static Map<String, Entry> scan(Listing listing, Map<String, Entry> previous, long recordedAt) {
        int n = listing.paths().size();
        Entry[] entries = new Entry[n];
        List<Integer> toRead = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String rel = listing.paths().get(i);
            long size = listing.sizes()[i];
            long modified = listing.modified()[i];
            Entry before = previous.get(rel);
            Entry hashed = listing.hashed().get(rel);
            if (before != null && before.size() == size && before.modified() == modified
                    && modified < recordedAt - RACY_MILLIS) {
                entries[i] = before;
            } else if (hashed != null && hashed.size() == size && hashed.modified() == modified) {
                entries[i] = hashed;
            } else {
                toRead.add(i);
            }
        }
        (toRead.size() > 16 ? toRead.parallelStream() : toRead.stream()).forEach(i -> {
            long size = listing.sizes()[i];
            long modified = listing.modified()[i];
            entries[i] = new Entry(size, modified, fingerprint(listing.files().get(i), size, modified));
        });
        Map<String, Entry> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            out.put(listing.paths().get(i), entries[i]);
        }
        return out;
    }

    /**
     * One walk of the files under {@code inputs} (paths relative to {@code root}, folders or files;
     * one that does not exist is left out), or of every file under {@code root} when {@code inputs}
     * is {@code null}; each file once. In a process that lists the same inputs again and again (the compiler
     * daemon), from a watch of their folders ({@link InputWatch}) instead of a walk.
     *
     * @param at when the walk starts (milliseconds)
     */
    static Listing list(Path root, Path targetDir, List<String> inputs, long at) throws IOException {
        return InputWatch.list(root, targetDir, inputs, at, () -> walkList(root, targetDir, inputs, at));
    }

    /** {@link #list}, by walking the inputs. */
    static Listing walkList(Path root, Path targetDir, List<String> inputs, long at) throws IOException {
        Path skip = targetDir.toAbsolutePath().normalize();
        String rootText = root.toString();
        String prefix = rootText.endsWith(java.io.File.separator) ? rootText : rootText + java.io.File.separator;
        List<String> paths = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        long[][] sizes = {new long[1024]};
        long[][] times = {new long[1024]};
        List<Path> starts = new ArrayList<>();
        if (inputs == null) {
            starts.add(root);
        } else {
            for (String in : inputs) {
                starts.add(root.resolve(in).normalize());
            }
        }
        // a file is met twice only when one input holds another: then the walk remembers what it met
        java.util.Set<String> seen = overlap(starts) ? new java.util.HashSet<>() : null;
        for (Path start : starts) {
            if (inputs != null && !Files.exists(start)) {
                continue;
            }
            walk(start, skip, (file, text, a) -> {
                String rel = text.startsWith(prefix) ? text.substring(prefix.length()) : root.relativize(file).toString();
                if (java.io.File.separatorChar != '/') {
                    rel = rel.replace(java.io.File.separatorChar, '/');
                }
                if (seen == null || seen.add(rel)) {
                    int i = paths.size();
                    if (i == sizes[0].length) {
                        sizes[0] = java.util.Arrays.copyOf(sizes[0], i * 2);
                        times[0] = java.util.Arrays.copyOf(times[0], i * 2);
                    }
                    sizes[0][i] = a.size();
                    times[0][i] = a.lastModifiedTime().toMillis();
                    paths.add(rel);
                    files.add(file);
                }
                return true;
            });
        }
        return new Listing(root, targetDir, inputs == null ? null : List.copyOf(inputs), at, paths, files,
                sizes[0], times[0], new java.util.HashMap<>());
    }

    /** Whether one of {@code starts} is another or under another. */
    private static boolean overlap(List<Path> starts) {
        for (int i = 0; i < starts.size(); i++) {
            for (int j = 0; j < starts.size(); j++) {
                if (i != j && starts.get(i).startsWith(starts.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the files of {@code listing} are exactly those of {@code previous} with the same
     * contents: each listed, of the recorded size and time (or, modified close to
     * {@code recordedAt}, of the recorded hash), and no other. Partial parsing's up-to-date check.
     * The files read to tell are kept in the listing's {@link Listing#hashed}.
     *
     * @param reread receives the fingerprints of the files read again that are as recorded
     *               (modified close to the recording)
     */
    static boolean unchanged(Listing listing, Map<String, Entry> previous, long recordedAt, Map<String, Entry> reread) {
        if (listing.paths().size() != previous.size()) {
            return false;
        }
        try {
            for (int i = 0; i < listing.paths().size(); i++) {
                String rel = listing.paths().get(i);
                long size = listing.sizes()[i];
                long modified = listing.modified()[i];
                Entry before = previous.get(rel);
                if (before == null || before.size() != size) {
                    return false;
                }
                if (before.modified() != modified || modified >= recordedAt - RACY_MILLIS) {
                    Entry now = new Entry(size, modified, fingerprint(listing.files().get(i), size, modified));
                    listing.hashed().put(rel, now);
                    if (!now.hash().equals(before.hash())) {
                        return false;
                    }
                    reread.put(rel, now);
                }
            }
        } catch (RuntimeException e) {
            return false;
        }
        return true;
    }

    /** What {@link #walk} does with each input file; {@code false} stops the walk. */
    private interface OnFile {
        boolean visit(Path file, String text, BasicFileAttributes attributes) throws IOException;
    }

    /**
     * Walks the regular files under {@code start} (following links), leaving out hidden files and
     * folders, {@code node_modules} and everything under {@code skip} (the target folder).
     */
    private static void walk(Path start, Path skip, OnFile onFile) throws IOException {
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                return entered(dir, start, skip) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                String text = file.toString();
                int name = text.lastIndexOf(java.io.File.separatorChar) + 1;
                if (!a.isRegularFile() || text.startsWith(".", name)) {
                    return FileVisitResult.CONTINUE;
                }
                return onFile.visit(file, text, a) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
    }

    /**
     * Whether a walk from {@code start} enters folder {@code dir}: not under {@code skip} (the target
     * folder), and, below the start, neither hidden nor {@code node_modules}.
     */
    static boolean entered(Path dir, Path start, Path skip) {
        if (dir.startsWith(skip)) {
            return false;
        }
        return dir.equals(start) || !ignoredFolderName(dir.getFileName().toString());
    }

    /** A folder name the walk never enters: hidden, or {@code node_modules}. */
    static boolean ignoredFolderName(String name) {
        return name.startsWith(".") || name.equals("node_modules");
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
