package dev.kiln.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DuckDB's native library in the {@code kiln} layout: unpacked once beside a DuckDB jar without
 * libraries, loaded from there by a fresh JVM, and unpacked again when it is damaged or partial.
 */
class DuckDbLibraryTest {

    @TempDir
    Path dir;

    private Path lib;
    private Path driverJar;
    private ZipEntry entry;

    /** The kiln layout from the DuckDB jar on the test class path: lib/duckdb_jdbc-V.jar without libraries, the original in lib/native/. */
    @BeforeEach
    void layout() throws Exception {
        Path original = Path.of(Class.forName("org.duckdb.DuckDBDriver").getProtectionDomain().getCodeSource().getLocation().toURI());
        lib = Files.createDirectories(dir.resolve("lib"));
        Files.createDirectories(lib.resolve(DuckDbLibrary.NATIVE_DIR));
        Files.createSymbolicLink(lib.resolve(DuckDbLibrary.NATIVE_DIR).resolve(original.getFileName()), original);
        driverJar = lib.resolve(original.getFileName());
        try (ZipFile in = new ZipFile(original.toFile());
             OutputStream file = Files.newOutputStream(driverJar);
             ZipOutputStream out = new ZipOutputStream(file)) {
            entry = in.getEntry(DuckDbLibrary.libraryName());
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry next = e.nextElement();
                if (!next.getName().startsWith("libduckdb_java")) {
                    out.putNextEntry(new ZipEntry(next.getName()));
                    try (InputStream content = in.getInputStream(next)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        assertThat(entry).as("the DuckDB jar has a library for this machine").isNotNull();
    }

    /** The link to the local repository's jar goes before JUnit removes the folder (it warns about links). */
    @AfterEach
    void unlink() throws IOException {
        try (var jars = Files.list(lib.resolve(DuckDbLibrary.NATIVE_DIR))) {
            for (Path jar : jars.filter(Files::isSymbolicLink).toList()) {
                Files.delete(jar);
            }
        }
    }

    @Test
    void aFreshJvmLoadsTheUnpackedLibraryAndUnpacksNothingItself() throws Exception {
        Path library = DuckDbLibrary.ensure(lib);
        assertThat(library).isEqualTo(lib.resolve(DuckDbLibrary.libraryName()));
        assertThat(crc(library)).isEqualTo(entry.getCrc());
        assertThat(Files.size(library)).isEqualTo(entry.getSize());

        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> out = probe(tmp);
        assertThat(out).contains("answer=42");
        assertThat(out).filteredOn(l -> l.startsWith("mapped=")).containsExactly("mapped=" + library.toRealPath());
        try (var left = Files.list(tmp)) {
            assertThat(left).as("the driver unpacked no copy of its own").isEmpty();
        }
    }

    @Test
    void aLibraryThatStillMatchesIsKeptAndStampedAgain() throws Exception {
        Path library = DuckDbLibrary.ensure(lib);
        FileTime written = FileTime.fromMillis(Files.getLastModifiedTime(library).toMillis() - 60_000);
        Files.setLastModifiedTime(library, written);
        DuckDbLibrary.ensure(lib); // the time changed: checked by CRC-32, kept, stamped again
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(written);
        Path stamp = lib.resolve(DuckDbLibrary.NATIVE_DIR).resolve(DuckDbLibrary.libraryName() + ".verified");
        assertThat(Files.readString(stamp)).contains(" " + entry.getCrc() + " " + entry.getSize() + " " + written.toMillis());
        assertThat(DuckDbLibrary.ensure(lib)).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(written);
    }

    @Test
    void aDamagedLibraryIsUnpackedAgainBeforeTheDriverLoadsIt() throws Exception {
        Path library = DuckDbLibrary.ensure(lib);
        try (RandomAccessFile file = new RandomAccessFile(library.toFile(), "rw")) {
            file.seek(entry.getSize() / 2);
            file.write(new byte[4096]); // same size, different bytes
        }
        Files.setLastModifiedTime(library, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(crc(library)).isNotEqualTo(entry.getCrc());

        List<String> out = probe(Files.createDirectories(dir.resolve("tmp")));
        assertThat(out).contains("answer=42");
        assertThat(crc(library)).isEqualTo(entry.getCrc());
        assertNoTemporaryFiles();
    }

    @Test
    void aPartialOrMissingLibraryIsUnpackedAgain() throws Exception {
        Path library = DuckDbLibrary.ensure(lib);
        try (RandomAccessFile file = new RandomAccessFile(library.toFile(), "rw")) {
            file.setLength(entry.getSize() / 3); // as if a copy had stopped part-way
        }
        DuckDbLibrary.ensure(lib);
        assertThat(Files.size(library)).isEqualTo(entry.getSize());
        assertThat(crc(library)).isEqualTo(entry.getCrc());

        Files.delete(library);
        assertThat(probe(Files.createDirectories(dir.resolve("tmp")))).contains("answer=42");
        assertThat(crc(library)).isEqualTo(entry.getCrc());
        assertNoTemporaryFiles();
    }

    @Test
    void outsideTheKilnLayoutNothingIsUnpacked() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertThat(DuckDbLibrary.ensure(plain)).isNull();
        try (var files = Files.list(plain)) {
            assertThat(files).isEmpty();
        }
        assertThat(DuckDbLibrary.libDir()).as("tests run from target/classes, not a jar").isNull();
    }

    /** Runs {@link DuckDbLibraryProbe} in a new JVM on the jar without libraries. */
    private List<String> probe(Path tmp) throws Exception {
        String classPath = String.join(java.io.File.pathSeparator, driverJar.toString(),
                Path.of(DuckDbLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                Path.of(DuckDbLibraryProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Djava.io.tmpdir=" + tmp, "-cp", classPath,
                DuckDbLibraryProbe.class.getName(), lib.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text.lines().toList();
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (var files = Files.list(lib)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 sum = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sum.update(buffer, 0, n);
            }
        }
        return sum.getValue();
    }
}
