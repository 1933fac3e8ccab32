package dev.kiln.cli.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the daemon of one project listens: a Unix domain socket in a directory only the user
 * can enter (mode 0700), named after a hash of the project directory, the user, the
 * {@link #buildId() build} (Kiln's class path, the Java runtime and the {@code kiln.*} system
 * properties) and the environment variables a JVM reads once ({@link #JVM_ENV}: time zone, locale).
 * JDK classes only: the client loads it.
 * <p>
 * The directory is {@code $KILN_DAEMON_DIR} when set, else {@code $XDG_RUNTIME_DIR/kiln}, else
 * {@code /tmp/kiln-<uid>}. Next to the socket {@code <hash>.sock} are the daemon's log
 * {@code <hash>.log} (its own lifecycle lines, never a command's output) and its pid file.
 *
 * @param dir     the socket directory
 * @param project the project directory (real path)
 * @param buildId the build identity
 * @param name    the hash naming this daemon's files
 */
record DaemonAddress(Path dir, Path project, String buildId, String name) {

    /** Environment variables a JVM reads once at start (time zone, locale, encoding). */
    static final java.util.List<String> JVM_ENV = java.util.List.of("TZ", "LANG", "LC_ALL", "LC_CTYPE", "JAVA_TOOL_OPTIONS");

    /** The socket. */
    Path socket() {
        return dir.resolve(name + ".sock");
    }

    /** The daemon's log. */
    Path log() {
        return dir.resolve(name + ".log");
    }

    /**
     * The address of {@code project}'s daemon for this process's build and user.
     *
     * @param project the project directory
     * @param env     the environment ({@code KILN_DAEMON_DIR}, {@code XDG_RUNTIME_DIR})
     * @throws IOException when the project directory does not exist
     */
    static DaemonAddress of(Path project, Map<String, String> env) throws IOException {
        Path real = project.toRealPath();
        String build = currentBuildId();
        String user = System.getProperty("user.name", "?");
        StringBuilder jvm = new StringBuilder();
        for (String v : JVM_ENV) { // read once, when a JVM starts: a client that differs needs a daemon of its own
            jvm.append(v).append('=').append(env.get(v)).append('\n');
        }
        String name = hash(real + "\n" + user + "\n" + build + "\n" + jvm).substring(0, 20);
        return new DaemonAddress(socketDir(env), real, build, name);
    }

    /** The socket directory (not created). */
    static Path socketDir(Map<String, String> env) {
        String own = env.get("KILN_DAEMON_DIR");
        if (own != null && !own.isEmpty()) {
            return Path.of(own).toAbsolutePath();
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && Files.isDirectory(Path.of(xdg))) {
            return Path.of(xdg, "kiln");
        }
        return Path.of(System.getProperty("java.io.tmpdir", "/tmp"), "kiln-" + uid());
    }

    /**
     * Creates the socket directory (mode 0700) or checks an existing one: it must be a directory
     * of this user that nobody else can read or enter.
     *
     * @throws IOException when it is not safe to use, saying why
     */
    static void secure(Path dir) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(owner));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another client made it at the same time: checked below
            }
            Files.setPosixFilePermissions(dir, owner); // the umask may have taken some away
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        Object dirOwner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (!String.valueOf(dirOwner).equals(uid())) {
            throw new IOException(dir + " belongs to another user (uid " + dirOwner + ")");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!owner.containsAll(perms)) {
            throw new IOException(dir + " can be read or entered by others (" + PosixFilePermissions.toString(perms)
                    + "); chmod 700 it");
        }
    }

    /** This process's user id. */
    static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("user.name", "user");
        }
    }

    /**
     * What must be equal for a daemon to serve a client: Kiln's class path (each entry's path, size
     * and modification time), the Java runtime and the {@code kiln.*} system properties (which the
     * partial-parse fingerprint also reads).
     */
    static String currentBuildId() {
        StringBuilder sb = new StringBuilder("kiln-daemon-").append(DaemonProtocol.VERSION).append('\n');
        sb.append(System.getProperty("java.home")).append('\n').append(Runtime.version()).append('\n');
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            sb.append(entry);
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                sb.append(':').append(a.size()).append(':').append(a.lastModifiedTime().toMillis());
            } catch (IOException | RuntimeException e) {
                sb.append(":?");
            }
            sb.append('\n');
        }
        new TreeMap<>(System.getProperties()).forEach((k, v) -> {
            if (String.valueOf(k).startsWith("kiln.")) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        return hash(sb.toString());
    }

    /**
     * A 128-bit hash of {@code s}, as 32 hex digits: two 64-bit passes over its UTF-8 bytes (FNV-1a, and a
     * multiply-rotate with other constants), each finished by SplitMix64's mixer. Not cryptographic, and need not
     * be: it names files in a directory only the user can enter, and identifies a build. The JDK's SHA-256 cost a
     * client starting cold some 40 ms (security providers and method handles set up for one digest).
     */
    static String hash(String s) {
        long a = 0xcbf29ce484222325L;
        long b = 0x9e3779b97f4a7c15L;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            a = (a ^ (x & 0xff)) * 0x100000001b3L;
            b = Long.rotateLeft(b ^ (x & 0xff), 27) * 0xbf58476d1ce4e5b9L + 0x94d049bb133111ebL;
        }
        return HexFormat.of().toHexDigits(mix(a)) + HexFormat.of().toHexDigits(mix(b ^ s.length()));
    }

    /** SplitMix64's finalizer: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
