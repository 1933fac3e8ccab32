package dev.kiln.internal.cache;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the {@linkplain InputFiles.Listing listing} of a project's input files current from the kernel's change
 * notices (inotify, through the JDK's {@link WatchService}), so that a long-lived process that compiles the same
 * project again and again (the compiler daemon) stats only the files that changed instead of walking all of them
 * (10,000 files: some 50 ms per request).
 *
 * <p>Engaged on the second listing of the same inputs in a process (a one-shot command lists once and never
 * starts a watch). Every answer is synchronised first: a file is created in the target directory and the
 * listing waits until the notice of that very file arrives; notices come in order, so every change made before
 * it has arrived too. Any doubt means a walk, as without a watch: a notice queue that overflowed, a synchronising
 * notice that does not come within {@link #SYNC_MILLIS}, a symbolic link among the inputs (a change behind it
 * sends no notice), a file system whose notices may miss changes made elsewhere (only local ones are watched:
 * {@link #LOCAL}), a folder that cannot be watched. At most {@link #KEPT} watches live in a process.
 */
final class InputWatch implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InputWatch.class);

    /** File systems whose notices report every change (local ones). */
    static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs",
            "f2fs", "jfs", "reiserfs", "bcachefs");
    /** How long a listing waits for its synchronising notice before it walks instead. */
    static final long SYNC_MILLIS = 500;
    /** Watches kept per process (each holds an inotify instance and a thread). */
    static final int KEPT = 2;
    /** The name of the files created in the target directory to synchronise with the notices. */
    static final String SYNC_PREFIX = ".kiln-watch-sync-";

    /** What a watch lists: the same arguments as {@link InputFiles#list}. */
    record Key(Path root, Path targetDir, List<String> inputs) {
    }

    private static final Map<Key, InputWatch> WATCHES = new LinkedHashMap<>(4, 0.75f, true);
    private static final Set<Key> LISTED = new HashSet<>();
    private static final java.util.concurrent.atomic.AtomicLong SERVED = new java.util.concurrent.atomic.AtomicLong();

    private final Key key;
    private final Path skip;
    private final List<Path> starts = new ArrayList<>();
    private final WatchService service;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final WatchKey targetKey;
    private final TreeMap<String, long[]> files = new TreeMap<>();
    private final Set<Path> dirty = new HashSet<>();
    private boolean unsure;
    private long syncs;

    private InputWatch(Key key, WatchService service) throws IOException {
        this.key = key;
        this.service = service;
        this.skip = key.targetDir();
        if (key.inputs() == null) {
            starts.add(key.root());
        } else {
            for (String in : key.inputs()) {
                starts.add(key.root().resolve(in).normalize());
            }
        }
        targetKey = key.targetDir().register(service, StandardWatchEventKinds.ENTRY_CREATE);
    }

    /**
     * The listing of {@code root}'s {@code inputs} as {@code walk} would make it now: from the watch of these
     * inputs when there is one and it is sure, else from {@code walk} (and, the second time these inputs are
     * listed, a watch is started first).
     */
    static InputFiles.Listing list(Path root, Path targetDir, List<String> inputs, long at,
                                   Walk walk) throws IOException {
        Key key = new Key(root.toAbsolutePath().normalize(), targetDir.toAbsolutePath().normalize(),
                inputs == null ? null : List.copyOf(inputs));
        InputWatch watch;
        boolean start;
        synchronized (WATCHES) {
            watch = WATCHES.get(key);
            start = watch == null && !LISTED.add(key);
            if (LISTED.size() > 64) {
                LISTED.clear();
            }
        }
        if (watch != null) {
            InputFiles.Listing listed = watch.listing(root, targetDir, inputs, at);
            if (listed != null) {
                return listed;
            }
            forget(key, watch);
            start = true;
        }
        InputWatch fresh = start ? start(key) : null;
        InputFiles.Listing walked = walk.list();
        if (fresh != null) {
            fresh.seed(walked);
            synchronized (WATCHES) {
                InputWatch old = WATCHES.put(key, fresh);
                if (old != null) {
                    old.close();
                }
                while (WATCHES.size() > KEPT) {
                    Map.Entry<Key, InputWatch> eldest = WATCHES.entrySet().iterator().next();
                    WATCHES.remove(eldest.getKey());
                    eldest.getValue().close();
                }
            }
        }
        return walked;
    }

    /** The walk {@link #list} falls back on. */
    @FunctionalInterface
    interface Walk {
        InputFiles.Listing list() throws IOException;
    }

    /** A watch of {@code key}'s inputs with every folder registered, or {@code null} when they cannot be watched. */
    private static InputWatch start(Key key) {
        WatchService service = null;
        try {
            String type = Files.getFileStore(key.root()).type();
            if (!LOCAL.contains(type) || !Files.isDirectory(key.targetDir(), LinkOption.NOFOLLOW_LINKS)) {
                LOG.debug("input watch: not started ({} file system, target {})", type,
                        Files.isDirectory(key.targetDir()) ? "present" : "missing");
                return null;
            }
            service = FileSystems.getDefault().newWatchService();
            InputWatch w = new InputWatch(key, service);
            for (Path start : w.starts) {
                Path anchor = start.equals(key.root()) ? null : start.getParent();
                if (anchor != null && Files.isDirectory(anchor, LinkOption.NOFOLLOW_LINKS)) {
                    w.register(anchor); // the input itself appearing or going
                }
                if (Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
                    w.registerTree(start, null);
                } else if (Files.isSymbolicLink(start)) {
                    throw new Unsure("a symbolic link: " + start);
                }
            }
            LOG.debug("input watch: started, {} folders", w.folders.size());
            return w;
        } catch (IOException | RuntimeException e) {
            LOG.debug("input watch: not started ({})", e.toString());
            if (service != null) {
                try {
                    service.close();
                } catch (IOException ignored) {
                    // not started anyway
                }
            }
            return null;
        }
    }

    private static void forget(Key key, InputWatch watch) {
        synchronized (WATCHES) {
            WATCHES.remove(key, watch);
        }
        watch.close();
    }

    /** The files a walk listed, as the watch's starting point. */
    private synchronized void seed(InputFiles.Listing walked) {
        for (int i = 0; i < walked.paths().size(); i++) {
            files.put(walked.paths().get(i), new long[] {walked.sizes()[i], walked.modified()[i]});
        }
    }

    /** The listing now, or {@code null} when unsure (then the watch is dropped and the inputs walked). */
    private synchronized InputFiles.Listing listing(Path root, Path targetDir, List<String> inputs, long at) {
        try {
            sync();
            if (unsure) {
                return null;
            }
            for (Path p : dirty) {
                update(p);
            }
            int changed = dirty.size();
            dirty.clear();
            List<String> paths = new ArrayList<>(files.size());
            List<Path> listed = new ArrayList<>(files.size());
            long[] sizes = new long[files.size()];
            long[] modified = new long[files.size()];
            int i = 0;
            for (Map.Entry<String, long[]> e : files.entrySet()) {
                paths.add(e.getKey());
                listed.add(root.resolve(e.getKey()));
                sizes[i] = e.getValue()[0];
                modified[i] = e.getValue()[1];
                i++;
            }
            LOG.debug("input watch: {} files listed, {} path(s) changed since the last listing", paths.size(), changed);
            SERVED.incrementAndGet();
            return new InputFiles.Listing(root, targetDir, inputs == null ? null : List.copyOf(inputs), at, paths,
                    listed, sizes, modified, new HashMap<>());
        } catch (IOException | RuntimeException e) {
            LOG.debug("input watch: dropped ({})", e.toString());
            return null;
        }
    }

    /**
     * Waits until every notice of a change made before this call has arrived: creates a file of a new name in the
     * target directory and takes notices until that file's own.
     */
    private void sync() throws IOException {
        String name = SYNC_PREFIX + ProcessHandle.current().pid() + "-" + (++syncs);
        Path marker = key.targetDir().resolve(name);
        Files.write(marker, new byte[0]);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SYNC_MILLIS);
            boolean seen = false;
            while (!seen) {
                long left = deadline - System.nanoTime();
                WatchKey k = left <= 0 ? null : service.poll(left, TimeUnit.NANOSECONDS);
                if (k == null) {
                    throw new Unsure("no notice of " + name + " within " + SYNC_MILLIS + " ms");
                }
                seen = take(k, name);
            }
            for (WatchKey k = service.poll(); k != null; k = service.poll()) {
                take(k, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unsure("interrupted");
        } catch (ClosedWatchServiceException e) {
            throw new Unsure("closed");
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    /** Takes {@code k}'s notices into {@link #dirty}; whether one was the creation of {@code marker} in the target. */
    private boolean take(WatchKey k, String marker) {
        boolean seen = false;
        Path folder = k == targetKey ? key.targetDir() : folders.get(k);
        for (WatchEvent<?> e : k.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                unsure = true;
                continue;
            }
            Path name = (Path) e.context();
            if (k == targetKey) {
                seen |= marker != null && name.toString().equals(marker);
                continue;
            }
            if (folder != null && relevant(folder.resolve(name))) {
                dirty.add(folder.resolve(name));
            }
        }
        if (!k.reset() && k != targetKey) {
            folders.remove(k); // its folder went: its own removal is a notice of its parent
        }
        return seen;
    }

    /** Whether {@code p} is an input or under one, outside the target, hidden folders and node_modules. */
    private boolean relevant(Path p) {
        if (p.startsWith(skip)) {
            return false;
        }
        for (Path start : starts) {
            if (p.startsWith(start)) {
                for (int i = start.getNameCount(); i < p.getNameCount() - 1; i++) {
                    if (InputFiles.ignoredFolderName(p.getName(i).toString())) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Reads {@code p} again: a file listed with its size and time, a folder watched and its files listed, or gone. */
    private void update(Path p) throws IOException {
        String rel = relative(p);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
            a = null;
        }
        if (a != null && a.isSymbolicLink()) {
            throw new Unsure("a symbolic link: " + p);
        }
        // what was listed at or under p goes; what is there now comes back
        files.remove(rel);
        files.subMap(rel + "/", rel + "/\uffff").clear();
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            if (!InputFiles.ignoredFolderName(p.getFileName().toString())) {
                registerTree(p, files);
            }
        } else if (a.isRegularFile() && !p.getFileName().toString().startsWith(".")) {
            files.put(rel, new long[] {a.size(), a.lastModifiedTime().toMillis()});
        }
    }

    /** Watches every folder under {@code start} the walk would enter; lists their files into {@code into} unless null. */
    private void registerTree(Path start, Map<String, long[]> into) throws IOException {
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                if (!InputFiles.entered(dir, start, skip)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                register(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isSymbolicLink()) {
                    throw new Unsure("a symbolic link: " + file);
                }
                if (into != null && a.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                    into.put(relative(file), new long[] {a.size(), a.lastModifiedTime().toMillis()});
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                throw e;
            }
        });
    }

    private void register(Path dir) throws IOException {
        WatchKey k = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        folders.put(k, dir);
    }

    private String relative(Path p) {
        String rel = key.root().relativize(p).toString();
        return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }

    @Override
    public synchronized void close() {
        try {
            service.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Listings a watch made in this process (tests). */
    static long served() {
        return SERVED.get();
    }

    /** A doubt: the inputs are walked instead. */
    private static final class Unsure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsure(String message) {
            super(message, null, false, false);
        }
    }
}
