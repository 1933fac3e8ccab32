package dev.kiln.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * DuckDB's native library, unpacked once per Kiln build instead of on every JVM start.
 *
 * <p>The DuckDB JDBC jar from Maven Central carries {@code libduckdb_java.so_<os>_<arch>} (71.6 MB
 * on Linux) and copies it into a new temporary file each time a JVM first opens a connection —
 * about 0.3 s of CPU for a compile that checks one edited model's syntax. When the jar holds no
 * library, the driver loads {@code libduckdb_java.so_<os>_<arch>} from the jar's own folder. The
 * {@code kiln} layout uses that: the engine-cli build puts a copy of the jar without the libraries
 * in {@code lib/}, the original in {@code lib/native/}, and runs {@link #main} to unpack this
 * machine's library next to the jar ({@code lib/libduckdb_java.so_linux_amd64}).
 *
 * <p>{@link #prepare()} runs at the start of every in-process {@code kiln} command (and of the
 * compiler daemon) before anything can load DuckDB. It costs a few file stats when the library
 * is as verified last time: {@code lib/native/<library>.verified} records the library's size and
 * modification time and the CRC-32 the original jar gives for it. Otherwise it checks the file's
 * CRC-32 against the jar's, and a missing, partial or damaged file is unpacked again into a
 * temporary file, checked, and renamed over it — a file that does not match is never left where
 * the driver loads it. Outside that layout (tests, embedding Kiln as a library: the driver's own
 * jar with its libraries) it does nothing.
 */
public final class DuckDbLibrary {

    /** The folder, next to the jar without libraries, that holds the original DuckDB jar. */
    static final String NATIVE_DIR = "native";

    private static final String JAR_PREFIX = "duckdb_jdbc-";

    private DuckDbLibrary() {
    }

    /**
     * Unpacks this machine's DuckDB library next to the DuckDB jar in {@code args[0]} (the
     * {@code lib/} folder), as the engine-cli build does.
     *
     * @param args the {@code lib/} folder
     * @throws IOException when the library cannot be unpacked
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DuckDbLibrary LIB_DIR");
        }
        Path library = ensure(Path.of(args[0]));
        System.out.println(library == null ? "no DuckDB jar in " + args[0] + "/" + NATIVE_DIR : "DuckDB library: " + library);
    }

    /**
     * Makes sure the DuckDB library next to this {@code kiln}'s DuckDB jar is whole, unpacking it
     * again if not. Does nothing outside the {@code kiln} layout. A failure is reported on stderr
     * and does not stop the command (it matters only if the command uses DuckDB).
     */
    static void prepare() {
        Path lib = libDir();
        if (lib == null) {
            return;
        }
        try {
            ensure(lib);
        } catch (IOException | RuntimeException e) {
            System.err.println("kiln: DuckDB's native library in " + lib + " could not be checked or unpacked ("
                    + e.getMessage() + "); DuckDB may fail to load. Rebuild or reinstall Kiln.");
        }
    }

    /**
     * The {@code lib/} folder of the {@code kiln} layout this class runs from ({@code
     * engine-cli/target/lib} beside {@code kiln.jar}, or the runtime image's {@code lib/} that
     * holds it), when it has a {@link #NATIVE_DIR} folder; else {@code null}.
     */
    static Path libDir() {
        try {
            CodeSource source = DuckDbLibrary.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path jar = Path.of(source.getLocation().toURI());
            Path dir = jar.getParent();
            if (dir == null || !jar.getFileName().toString().endsWith(".jar")) {
                return null; // classes in a folder: tests, an IDE
            }
            if (Files.isDirectory(dir.resolve("lib").resolve(NATIVE_DIR))) {
                return dir.resolve("lib");
            }
            return Files.isDirectory(dir.resolve(NATIVE_DIR)) ? dir : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Makes sure {@code lib/<library>} is this machine's library from the original jar in
     * {@code lib/native/}, unpacking it when it is missing or does not match.
     *
     * @param lib the folder of the DuckDB jar without libraries
     * @return the library file, or {@code null} when {@code lib/native/} holds no DuckDB jar
     * @throws IOException when it cannot be read, unpacked or checked
     */
    static Path ensure(Path lib) throws IOException {
        Path source = sourceJar(lib.resolve(NATIVE_DIR));
        if (source == null) {
            return null;
        }
        String name = libraryName();
        Path library = lib.resolve(name);
        Path stamp = lib.resolve(NATIVE_DIR).resolve(name + ".verified");
        BasicFileAttributes jarAttributes = Files.readAttributes(source, BasicFileAttributes.class);
        String jarPart = source.getFileName() + " " + jarAttributes.size() + " " + jarAttributes.lastModifiedTime().toMillis();
        String recorded = read(stamp);
        if (recorded != null && recorded.startsWith(jarPart + " ") && recorded.equals(currentStamp(jarPart, library, recorded))) {
            return library; // as verified last time
        }
        long crc;
        try (ZipFile zip = new ZipFile(source.toFile())) {
            ZipEntry entry = zip.getEntry(name);
            if (entry == null) {
                throw new IOException(source + " has no " + name + " (DuckDB does not support this machine: "
                        + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ")");
            }
            crc = entry.getCrc();
            if (!matches(library, entry.getSize(), crc)) {
                unpack(zip, entry, library);
            }
        }
        writeAtomically(stamp, jarPart + " " + crc + " " + fileState(library));
        return library;
    }

    /** The stamp {@code recorded} would be if the library's size and time are still those it records. */
    private static String currentStamp(String jarPart, Path library, String recorded) {
        String rest = recorded.substring(jarPart.length() + 1);
        int space = rest.indexOf(' ');
        if (space < 0) {
            return null;
        }
        try {
            return jarPart + " " + rest.substring(0, space) + " " + fileState(library);
        } catch (IOException e) {
            return null; // no library
        }
    }

    /** Size and modification time of a file. */
    private static String fileState(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.size() + " " + a.lastModifiedTime().toMillis();
    }

    /** Whether {@code file} exists with this size and CRC-32. */
    private static boolean matches(Path file, long size, long crc) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
            return false;
        }
        CRC32 sum = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sum.update(buffer, 0, n);
            }
        }
        return sum.getValue() == crc;
    }

    /** Unpacks the entry into a temporary file beside {@code target}, checks it, and renames it over {@code target}. */
    private static void unpack(ZipFile zip, ZipEntry entry, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            CRC32 sum = new CRC32();
            long size = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = zip.getInputStream(entry);
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    sum.update(buffer, 0, n);
                    size += n;
                }
            }
            if (size != entry.getSize() || sum.getValue() != entry.getCrc()) {
                throw new IOException(entry.getName() + " unpacked to " + size + " bytes with CRC-32 " + sum.getValue()
                        + ", not " + entry.getSize() + " bytes with " + entry.getCrc() + " as the jar records");
            }
            permissions(tmp, "rwxr-xr-x"); // as the jars beside it (a temporary file is owner-only)
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
            permissions(tmp, "rw-r--r--");
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void permissions(Path file, String posix) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(posix));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The original DuckDB jar in {@code nativeDir} (the newest name, should there be several), or {@code null}. */
    private static Path sourceJar(Path nativeDir) throws IOException {
        if (!Files.isDirectory(nativeDir)) {
            return null;
        }
        Path found = null;
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(nativeDir, JAR_PREFIX + "*.jar")) {
            for (Path jar : jars) {
                if (found == null || jar.getFileName().toString().compareTo(found.getFileName().toString()) > 0) {
                    found = jar;
                }
            }
        }
        return found;
    }

    /**
     * The library's name in the DuckDB jar for this machine, as the driver ({@code
     * org.duckdb.DuckDBNative}) spells it: {@code libduckdb_java.so_<os>_<arch>}.
     */
    static String libraryName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).trim();
        if (os.startsWith("windows")) {
            os = "windows";
        } else if (os.startsWith("mac")) {
            os = "macos";
        } else if (os.startsWith("linux")) {
            os = "linux";
        } else {
            os = os.replaceAll("[^a-z0-9_\\-.]", "");
        }
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT).trim();
        arch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch.replaceAll("[^a-z0-9_\\-.]", "");
        };
        return "libduckdb_java.so_" + os + "_" + arch;
    }
}
