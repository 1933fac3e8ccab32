package dev.kiln.dbt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Test resources copied to a temporary folder. */
final class Fixtures {

    private Fixtures() {
    }

    /** Copies the resource folder {@code name} into {@code dir/name} and returns that. */
    static Path copy(String name, Path dir) {
        try {
            Path from = Path.of(Fixtures.class.getResource("/" + name).toURI());
            Path to = dir.resolve(name);
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
