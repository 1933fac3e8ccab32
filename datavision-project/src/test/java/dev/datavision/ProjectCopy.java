package dev.datavision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** DataVision's definition copied for a test that builds it elsewhere (its own target, its own data). */
public final class ProjectCopy {

    /** The DataVision project: the module's directory, where Maven runs the tests. */
    public static final Path PROJECT = Path.of("").toAbsolutePath();

    private ProjectCopy() {
    }

    /** The project's definition (kiln.yml and its model, macro, seed, snapshot and test folders; no data, no target) under {@code to}. */
    public static Path definition(Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(PROJECT.resolve("kiln.yml"), to.resolve("kiln.yml"));
        for (String folder : List.of("models", "macros", "seeds", "snapshots", "tests")) {
            copyTree(PROJECT.resolve(folder), to.resolve(folder));
        }
        return to;
    }

    /** Copies the folder {@code from} to {@code to}, whole. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
