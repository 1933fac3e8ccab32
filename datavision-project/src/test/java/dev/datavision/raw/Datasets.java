package dev.datavision.raw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generated datasets shared by the tests of one JVM (generation is the slow part). */
final class Datasets {

    private static Path defaultRoot;

    private Datasets() {
    }

    /** The default dataset (3000 users, seed 42, as_of 2026-11-01), generated once: {@code root/raw}, {@code root/ground_truth}. */
    static synchronized Path defaultDataset() {
        if (defaultRoot == null) {
            try {
                Path root = Files.createTempDirectory("datavision-default-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        AtomicDirectory.deleteRecursively(root);
                    } catch (IOException ignored) {
                        // best effort
                    }
                }));
                generate(GeneratorConfig.of(root.resolve("raw")));
                defaultRoot = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return defaultRoot;
    }

    static GenerationSummary generate(GeneratorConfig config) throws IOException {
        return new RawDataGenerator(config, new GenerationListener() { }).generate();
    }

    /** A small configuration writing to {@code root/raw} and {@code root/ground_truth}. */
    static GeneratorConfig small(Path root, long users) {
        return GeneratorConfig.of(root.resolve("raw")).withScale(users);
    }
}
