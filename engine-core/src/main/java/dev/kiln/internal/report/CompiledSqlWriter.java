package dev.kiln.internal.report;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * A stamp file ({@value #STAMP}) in the tree records a digest of its contents and a hash of
 * each file: when nothing changed and no folder of the tree was touched since, nothing is
 * rewritten; when a few files changed (an edited model and what reads it), only they are
 * rewritten, each atomically, in place (see {@link #patched}). Two processes
 * must not compile the same project into the same target directory at once.
 */
public final class CompiledSqlWriter {

    /** The file in {@code compiled/<project>/} that holds the digest of the tree and a hash of each file. */
    static final String STAMP = ".kiln-digest";

    private final Path targetDir;

    /** @param targetDir the project's target directory */
    public CompiledSqlWriter(Path targetDir) {
        this.targetDir = targetDir;
    }

    /**
     * Writes the compiled SQL of every node of {@code project}, replacing what an earlier
     * run wrote. Throws {@link KilnException} ({@link ErrorCode#IO}) if a file cannot be written.
     */
    public void write(CompiledProject project) {
        String name = project.project().name();
        Path compiledRoot = targetDir.resolve("compiled");
        Path finalDir = compiledRoot.resolve(name);
        Path fresh = compiledRoot.resolve("." + name + ".kiln-new");
        Path old = compiledRoot.resolve("." + name + ".kiln-old");
        Map<String, byte[]> files = files(project);
        String digest = digest(files);
        Path current = compiledRoot;
        try {
            if (upToDate(finalDir, digest, files)) {
                return;
            }
            if (patched(finalDir, digest, files)) {
                return;
            }
            Files.createDirectories(compiledRoot);
            current = fresh;
            ParallelFiles.deleteTree(fresh);
            ParallelFiles.deleteTree(old);
            Files.createDirectory(fresh);
            createFolders(fresh, files.keySet());
            ParallelFiles.forEach(new ArrayList<>(files.entrySet()),
                    e -> Files.write(fresh.resolve(e.getKey()), e.getValue()));
            Files.write(fresh.resolve(STAMP), stamp(digest, files));
            current = finalDir;
            swap(fresh, finalDir, old);
            current = old;
            ParallelFiles.deleteTree(old);
        } catch (IOException e) {
            removeQuietly(fresh);
            throw IoErrors.cannotWrite(current, e);
        } catch (UncheckedIOException e) {
            removeQuietly(fresh);
            throw IoErrors.cannotWrite(current, e.getCause());
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

    /** Relative path → compiled SQL, sorted by path, for every node that has a compiled file. */
    private static Map<String, byte[]> files(CompiledProject project) {
        Map<String, byte[]> files = new TreeMap<>();
        for (CompiledNode n : project.nodes()) {
            String path = NodePaths.compiled(n.node());
            if (path != null && !path.isEmpty()) {
                files.put(path, (n.compiledSql() == null ? "" : n.compiledSql()).getBytes(StandardCharsets.UTF_8));
            }
        }
        return files;
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
     * to remove means a tree written afresh.
     *
     * @return whether the tree was patched ({@code false}: to be written afresh)
     */
    private static boolean patched(Path dir, String digest, Map<String, byte[]> files) throws IOException {
        Path stamp = dir.resolve(STAMP);
        if (!Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        FileTime written = Files.getLastModifiedTime(stamp, LinkOption.NOFOLLOW_LINKS);
        List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
        Map<String, String> old = new java.util.HashMap<>(lines.size() * 2);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (tab < 0) {
                return false;
            }
            old.put(line.substring(tab + 1), line.substring(0, tab));
        }
        if (old.isEmpty() || !intact(dir, written, old.keySet())) {
            return false;
        }
        List<String> changed = new ArrayList<>();
        files.forEach((path, bytes) -> {
            if (!hash(bytes).equals(old.get(path))) {
                changed.add(path);
            }
        });
        if (!files.keySet().containsAll(old.keySet()) || changed.size() > Math.max(MAX_PATCHED, files.size() / 10)) {
            return false; // a file to remove (its folder may empty) or many changes: afresh
        }
        for (String folder : folders(changed)) {
            Files.createDirectories(dir.resolve(folder));
        }
        for (String path : changed) {
            AtomicFile.write(dir.resolve(path), "compiled", out -> out.write(files.get(path)));
        }
        Files.write(stamp, stamp(digest, files)); // in place: the folder's time stays older than the stamp's
        return true;
    }

    /** No folder of the tree (of the files {@code paths}) changed after {@code written}. */
    private static boolean intact(Path dir, FileTime written, Iterable<String> paths) throws IOException {
        for (String folder : folders(paths)) {
            Path f = dir.resolve(folder);
            if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)
                    || Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).compareTo(written) > 0) {
                return false;
            }
        }
        return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).compareTo(written) <= 0;
    }

    /** The stamp: the tree's digest, then a hash and the path of each file, one a line. */
    private static byte[] stamp(String digest, Map<String, byte[]> files) {
        StringBuilder sb = new StringBuilder(digest.length() + 1 + files.size() * 64).append(digest).append('\n');
        files.forEach((path, bytes) -> sb.append(hash(bytes)).append('\t').append(path).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String hash(byte[] bytes) {
        dev.kiln.internal.util.Murmur3 m = new dev.kiln.internal.util.Murmur3();
        m.update(bytes, 0, bytes.length);
        return HexFormat.of().formatHex(m.digest());
    }

    /** sha256 over every path and content, in path order. */
    static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Integer.toString(e.getValue().length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(e.getValue());
            }
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
     */
    private static boolean upToDate(Path dir, String digest, Map<String, byte[]> files) throws IOException {
        Path stamp = dir.resolve(STAMP);
        if (!Files.isRegularFile(stamp, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.io.BufferedReader r = Files.newBufferedReader(stamp, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !first.strip().equals(digest)) {
                return false;
            }
        }
        return intact(dir, Files.getLastModifiedTime(stamp, LinkOption.NOFOLLOW_LINKS), files.keySet());
    }

    /** Every folder the files are in, parents before children ({@code a} before {@code a/b}). */
    private static TreeSet<String> folders(Iterable<String> files) {
        TreeSet<String> folders = new TreeSet<>();
        for (String f : files) {
            for (int slash = f.indexOf('/'); slash > 0; slash = f.indexOf('/', slash + 1)) {
                folders.add(f.substring(0, slash));
            }
        }
        return folders;
    }

    /** Creates every folder the files need, each once, parents first. */
    private static void createFolders(Path root, Iterable<String> files) throws IOException {
        for (String folder : folders(files)) {
            Files.createDirectory(root.resolve(folder));
        }
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
