package dev.kiln.internal.analyze;

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
