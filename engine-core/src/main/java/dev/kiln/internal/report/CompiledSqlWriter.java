package dev.kiln.internal.report;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import dev.kiln.internal.report.CompiledTreeMemo.Slot;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes {@code target/compiled/<project>/<path>} for every compiled node, as dbt does:
 * a model's SQL at its own path ({@code models/staging/stg_users.sql}), a node declared in
 * YAML (a generic test, a snapshot) at {@code <yaml path without extension>/<name>.sql}.
 * Seeds write nothing.
 *
 * <p>The tree is written into a fresh folder next to the old one, in parallel, and then
 * swapped into place, so compiled files of nodes that no longer exist disappear and a crash
 * never leaves a half-written tree. Leftovers of a crashed run are removed by the next one.
 * A stamp file ({@value #STAMP}) in the tree records a digest of the tree, then a hash of
 * each file and its path, one a line ({@code hash\tpath}, sorted by path): when nothing changed
 * and no folder of the tree was touched since, nothing is rewritten; when a few files changed
 * (an edited model and what reads it), only they are rewritten, each atomically, in place (see
 * {@link #patched}). Two processes must not compile the same project into the same target
 * directory at once.
 *
 * <p>The digest is a SHA-256 over a version line and the stamp's {@code hash\tpath} lines, not
 * over the files' contents: the hashes already stand for the contents, and so a compile that
 * reuses them ({@link CompiledTreeMemo}: the compiler daemon's edit compile) neither encodes nor
 * hashes the unchanged files. A stamp written by an earlier Kiln, whose digest was a SHA-256
 * over every path and content, simply does not match once: its {@code hash\tpath} lines (the
 * same 128-bit hash of each file's content) are compared, the files that differ rewritten and
 * the stamp replaced, or the tree written afresh; never is a stale file kept.
 */
public final class CompiledSqlWriter {

    /** The file in {@code compiled/<project>/} that holds the digest of the tree and a hash of each file. */
    static final String STAMP = ".kiln-digest";
    /** What the digest starts from: changes whenever what it is computed over does. */
    private static final byte[] DIGEST_VERSION = "kiln-compiled-tree-2\n".getBytes(StandardCharsets.US_ASCII);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompiledSqlWriter.class);

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public CompiledSqlWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * Writes the compiled SQL of every node of {@code project}, replacing what an earlier
     * run wrote. Throws {@link KilnException} ({@link ErrorCode#IO}) if a file cannot be written.
     *
     * @return the tree as written (what {@link #tree} gives for {@code project})
     */
    public Tree write(CompiledProject project) {
        String name = project.project().name();
        Path compiledRoot = targetDir.resolve("compiled");
        Path finalDir = compiledRoot.resolve(name);
        Path fresh = compiledRoot.resolve("." + name + ".kiln-new");
        Path old = compiledRoot.resolve("." + name + ".kiln-old");
        CompiledTreeMemo memo = CompiledTreeMemo.take(finalDir);
        CompiledTreeMemo.Listing files = memo.files(project);
        Slot[] sorted = files.sorted();
        Path stampFile = finalDir.resolve(STAMP);
        Path current = compiledRoot;
        try {
            byte[] lines = files.lines();
            String digest = files.digest();
            BasicFileAttributes onDisk = attributes(stampFile);
            CompiledTreeMemo.Stamp known = memo.stamp != null && onDisk != null && memo.stamp.describes(onDisk)
                    ? memo.stamp : null;
            memo.stampRead = onDisk != null && known == null;
            String outcome;
            if (upToDate(finalDir, digest, known, onDisk, files.folders())) {
                if (known == null) { // its lines are read if ever needed
                    memo.stamp = new CompiledTreeMemo.Stamp(digest, null, onDisk);
                }
                outcome = "up to date";
            } else if (onDisk != null && patched(finalDir, digest, lines, files, known, onDisk, memo)) {
                outcome = "patched";
            } else {
                Files.createDirectories(compiledRoot);
                current = fresh;
                ParallelFiles.deleteTree(fresh);
                ParallelFiles.deleteTree(old);
                Files.createDirectory(fresh);
                for (String folder : files.folders()) {
                    Files.createDirectory(fresh.resolve(folder));
                }
                ParallelFiles.forEach(Arrays.asList(sorted), s -> Files.write(fresh.resolve(s.path), s.content()));
                writeStamp(fresh.resolve(STAMP), digest, lines);
                current = finalDir;
                swap(fresh, finalDir, old);
                BasicFileAttributes written = attributes(stampFile);
                memo.stamp = written == null ? null : new CompiledTreeMemo.Stamp(digest, hashes(sorted), written);
                current = old;
                ParallelFiles.deleteTree(old);
                outcome = "written afresh";
            }
            CompiledTreeMemo.Counts counts = new CompiledTreeMemo.Counts(sorted.length, files.encoded().size(),
                    memo.stampRead);
            memo.keep(finalDir, counts);
            LOG.debug("compiled SQL tree: {} ({} files: {} the same SQL object, {} compared, {} encoded and hashed; stamp {})",
                    outcome, counts.files(), files.sameSql(), counts.files() - files.sameSql() - counts.encoded(),
                    counts.encoded(), counts.stampRead() ? "read" : "known");
            return new Tree(finalDir, stampFile, files.folders());
        } catch (IOException e) {
            removeQuietly(fresh);
            throw IoErrors.cannotWrite(current, e);
        } catch (UncheckedIOException e) {
            removeQuietly(fresh);
            throw IoErrors.cannotWrite(current, e.getCause());
        } finally {
            CompiledTreeMemo.release(files);
        }
    }

    /**
     * What a compile of {@code project} leaves in {@code targetDir}'s compiled tree, to check later
     * without compiling (partial parsing's up-to-date check): the tree's folder, its stamp file,
     * and every folder under it that holds a compiled file (relative, '/'-separated).
     *
     * @param dir     {@code compiled/<project>}
     * @param stamp   the stamp file in it
     * @param folders the folders of the tree, parents first
     */
    public record Tree(Path dir, Path stamp, List<String> folders) {
    }

    /** The compiled tree {@link #write} leaves for {@code project}. */
    public Tree tree(CompiledProject project) {
        Path dir = targetDir.resolve("compiled").resolve(project.project().name());
        List<String> paths = new ArrayList<>();
        for (CompiledNode n : project.nodes()) {
            String path = NodePaths.compiled(n.node());
            if (path != null && !path.isEmpty()) {
                paths.add(path);
            }
        }
        return new Tree(dir, dir.resolve(STAMP), List.copyOf(folders(paths)));
    }

    /**
     * Past this many changed or added files (or a tenth of the tree, if more), the tree
     * is written afresh instead of patched in place.
     */
    private static final int MAX_PATCHED = 256;

    /**
     * Patches the tree in {@code dir} in place when it is intact (its stamp lists every file with
     * a hash of its content, and no folder of it changed after the stamp was written) and few
     * files differ: each changed or new file written to a temporary file and renamed over the
     * old one, then the stamp rewritten. A crash half-way
     * leaves folders newer than the stamp, so the next compile writes the tree afresh. A file
     * to remove means a tree written afresh. The stamp's lines are read from {@code known} when
     * it still describes the file on disk, else from the file.
     *
     * @param lines the new stamp's {@code hash\tpath} lines
     * @return whether the tree was patched ({@code false}: to be written afresh)
     */
    private static boolean patched(Path dir, String digest, byte[] lines, CompiledTreeMemo.Listing files,
                                   CompiledTreeMemo.Stamp known, BasicFileAttributes onDisk, CompiledTreeMemo memo)
            throws IOException {
        Path stamp = dir.resolve(STAMP);
        Map<String, String> old = known != null ? known.hashes : null;
        if (old == null) {
            old = readHashes(stamp);
            memo.stampRead = true;
        }
        if (old == null || old.isEmpty()) {
            return false;
        }
        Slot[] sorted = files.sorted();
        List<Slot> changed = new ArrayList<>();
        int found = 0;
        if (known != null && known.hashes != null && !files.moved()) {
            // the stamp holds what this process last wrote, for these very paths: only what it encoded since differs
            found = old.size();
            for (Slot s : files.encoded()) {
                if (!s.hash.equals(old.get(s.path))) {
                    changed.add(s);
                }
            }
        } else {
            for (Slot s : sorted) {
                String was = old.get(s.path);
                if (was != null) {
                    found++;
                }
                if (!s.hash.equals(was)) {
                    changed.add(s);
                }
            }
        }
        if (found != old.size() || changed.size() > Math.max(MAX_PATCHED, sorted.length / 10)) {
            return false; // a file to remove (its folder may empty) or many changes: afresh
        }
        Iterable<String> oldFolders = known != null && known.hashes != null && !files.moved() ? files.folders()
                : folders(old.keySet());
        if (!intact(dir, onDisk.lastModifiedTime(), oldFolders)) {
            return false;
        }
        List<String> changedPaths = new ArrayList<>(changed.size());
        for (Slot s : changed) {
            changedPaths.add(s.path);
        }
        for (String folder : folders(changedPaths)) {
            Files.createDirectories(dir.resolve(folder));
        }
        for (Slot s : changed) {
            AtomicFile.write(dir.resolve(s.path), "compiled", out -> out.write(s.content()));
        }
        // in place: the folder's time stays older than the stamp's
        writeStamp(stamp, digest, lines);
        for (Slot s : changed) {
            old.put(s.path, s.hash);
        }
        BasicFileAttributes written = attributes(stamp);
        memo.stamp = written == null ? null : new CompiledTreeMemo.Stamp(digest, old, written);
        return true;
    }

    /**
     * The hash of each file listed in the stamp {@code stamp}, by path, or {@code null} when a
     * line is not {@code hash\tpath}.
     */
    private static Map<String, String> readHashes(Path stamp) throws IOException {
        List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
        Map<String, String> old = new HashMap<>(lines.size() * 2);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (tab < 0) {
                return null;
            }
            old.put(line.substring(tab + 1), line.substring(0, tab));
        }
        return old;
    }

    /** Each file's hash by path. */
    private static Map<String, String> hashes(Slot[] sorted) {
        Map<String, String> hashes = new HashMap<>(sorted.length * 2);
        for (Slot s : sorted) {
            hashes.put(s.path, s.hash);
        }
        return hashes;
    }

    /** No folder of the tree changed after {@code written}. */
    private static boolean intact(Path dir, FileTime written, Iterable<String> folders) throws IOException {
        for (String folder : folders) {
            Path f = dir.resolve(folder);
            if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)
                    || Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).compareTo(written) > 0) {
                return false;
            }
        }
        return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).compareTo(written) <= 0;
    }

    /** The stamp: the tree's digest, then its {@code lines}. */
    private static void writeStamp(Path stamp, String digest, byte[] lines) throws IOException {
        try (OutputStream out = Files.newOutputStream(stamp)) {
            out.write((digest + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(lines);
        }
    }

    /** The hash the stamp records of a file's content. */
    static String hash(byte[] bytes) {
        dev.kiln.internal.util.Murmur3 m = new dev.kiln.internal.util.Murmur3();
        m.update(bytes, 0, bytes.length);
        return HexFormat.of().formatHex(m.digest());
    }

    /** The tree's digest: SHA-256 over {@link #DIGEST_VERSION} and the stamp's {@code lines}. */
    static String digest(byte[] lines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DIGEST_VERSION);
            sha.update(lines);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code dir} already holds exactly these files: its stamp matches the digest, and
     * no folder of the tree changed after the stamp was written (a file added, removed or
     * renamed since changes its folder's modification time). Only folders are asked, not the
     * files: on 20,000 files one {@code stat} each was a tenth of {@code kiln compile}. A
     * compiled file edited in place by hand is therefore rewritten only on the next change.
     * The stamp's digest is read from {@code known} when it still describes the file, else from
     * the file's first line.
     */
    private static boolean upToDate(Path dir, String digest, CompiledTreeMemo.Stamp known, BasicFileAttributes onDisk,
                                    List<String> folders) throws IOException {
        if (onDisk == null) {
            return false;
        }
        if (known != null) {
            if (!known.digest.equals(digest)) {
                return false;
            }
        } else {
            try (java.io.BufferedReader r = Files.newBufferedReader(dir.resolve(STAMP), StandardCharsets.UTF_8)) {
                String first = r.readLine();
                if (first == null || !first.strip().equals(digest)) {
                    return false;
                }
            }
        }
        return intact(dir, onDisk.lastModifiedTime(), folders);
    }

    /** The attributes of the regular file {@code file}, or {@code null} when there is none (or it cannot be read). */
    private static BasicFileAttributes attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a : null;
        } catch (IOException e) {
            return null; // as no stamp: the tree is written afresh
        }
    }

    /** Every folder the files are in, parents before children ({@code a} before {@code a/b}). */
    static TreeSet<String> folders(Iterable<String> files) {
        TreeSet<String> folders = new TreeSet<>();
        for (String f : files) {
            for (int slash = f.indexOf('/'); slash > 0; slash = f.indexOf('/', slash + 1)) {
                folders.add(f.substring(0, slash));
            }
        }
        return folders;
    }

    /** Moves {@code fresh} to {@code target}, moving what was there to {@code old} first. */
    private static void swap(Path fresh, Path target, Path old) throws IOException {
        boolean movedAway = false;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                move(target, old);
                movedAway = true;
            } catch (IOException cannotMove) {
                // e.g. a file in it is open on Windows: remove it instead
                ParallelFiles.deleteTree(target);
            }
        }
        try {
            move(fresh, target);
        } catch (IOException e) {
            if (movedAway) {
                try {
                    move(old, target); // put the previous tree back
                } catch (IOException restore) {
                    e.addSuppressed(restore);
                }
            }
            throw e;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void removeQuietly(Path dir) {
        try {
            ParallelFiles.deleteTree(dir);
        } catch (IOException | UncheckedIOException ignored) {
            // the next run removes it
        }
    }
}
