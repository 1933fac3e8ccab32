package dev.kiln.internal.analyze;

import dev.kiln.spi.RemoteFiles;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The columns of a source on files, read from the files themselves (for lineage, when YAML does not list them). */
final class SourceFiles {

    private SourceFiles() {
    }

    /**
     * The columns of the first file (in name order) that {@code location} names, relative to {@code root}: a file,
     * or a glob in its last part ({@code data/raw/orders/*.parquet}). A CSV file's header, a Parquet file's top-level
     * columns (from its footer). Empty when it names no local CSV or Parquet file.
     */
    static List<String> columns(Path root, String location) {
        if (location.contains("://")) {
            return List.of();
        }
        return firstFile(root, location).map(f -> {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") ? Schemas.csvHeader(f)
                    : name.endsWith(".parquet") ? ParquetSchema.columns(f) : List.<String>of();
        }).orElse(List.of());
    }

    /** Bytes read at once from either end of a remote file: most footers and headers fit. */
    static final int CHUNK = 64 << 10;
    /** A CSV header longer than this is not looked for. */
    private static final int MAX_HEADER = 1 << 20;

    /**
     * The columns of the first CSV or Parquet file (in name order; Parquet before CSV in a
     * folder) that a remote {@code location} names, read with ranged requests: a Parquet file's
     * footer (its last 64 KiB, more only for a larger footer), a CSV file's first line. Empty
     * when it names no such file.
     */
    static List<String> columns(RemoteFiles.Client client, String location) {
        List<RemoteFiles.RemoteFile> files = client.list(location);
        Optional<RemoteFiles.RemoteFile> file = files.stream().filter(f -> kind(f.uri()).equals("parquet")).findFirst();
        if (file.isEmpty() || !location.endsWith("/")) {
            file = files.stream().filter(f -> !kind(f.uri()).isEmpty()).findFirst();
        }
        return file.map(f -> kind(f.uri()).equals("parquet") ? parquet(client, f) : csv(client, f)).orElse(List.of());
    }

    private static String kind(String uri) {
        String name = uri.toLowerCase(Locale.ROOT);
        return name.endsWith(".parquet") ? "parquet" : name.endsWith(".csv") ? "csv" : "";
    }

    private static List<String> parquet(RemoteFiles.Client client, RemoteFiles.RemoteFile f) {
        if (f.size() < 12) {
            return List.of();
        }
        byte[] tail = client.read(f, -Math.min(f.size(), CHUNK), 0);
        int length = ParquetSchema.footerLength(tail);
        if (length < 0 || length > f.size() - 12) {
            return List.of();
        }
        java.nio.ByteBuffer footer = length + 8 <= tail.length
                ? java.nio.ByteBuffer.wrap(tail, tail.length - 8 - length, length).slice()
                : java.nio.ByteBuffer.wrap(client.read(f, f.size() - 8 - length, length));
        return ParquetSchema.fromFooter(footer);
    }

    private static List<String> csv(RemoteFiles.Client client, RemoteFiles.RemoteFile f) {
        int want = (int) Math.min(f.size(), CHUNK);
        while (want > 0) {
            byte[] head = client.read(f, 0, want);
            String text = new String(head, java.nio.charset.StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            if (end >= 0 || head.length >= f.size()) {
                String line = (end >= 0 ? text.substring(0, end) : text).replace("\r", "");
                return line.isBlank() ? List.of() : Schemas.csvLine(line);
            }
            if (want >= MAX_HEADER) {
                return List.of();
            }
            want = (int) Math.min(f.size(), (long) want * 4);
        }
        return List.of();
    }

    private static Optional<Path> firstFile(Path root, String location) {
        try {
            String slashed = location.replace('\\', '/');
            int cut = slashed.lastIndexOf('/');
            String last = slashed.substring(cut + 1);
            Path dir = root.resolve(cut < 0 ? "." : slashed.substring(0, cut));
            if (last.chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
                Path file = dir.resolve(last);
                return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
            }
            if (last.isEmpty()) { // a folder of files: data/raw/orders/
                return firstFile(root, slashed + "*.parquet").or(() -> firstFile(root, slashed + "*.csv"));
            }
            if (!Files.isDirectory(dir) || slashed.substring(0, Math.max(cut, 0)).matches(".*[*?\\[{].*")) {
                return Optional.empty();
            }
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + last);
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> glob.matches(f.getFileName()) && Files.isRegularFile(f)).sorted().findFirst();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
