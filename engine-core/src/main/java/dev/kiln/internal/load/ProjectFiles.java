package dev.kiln.internal.load;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.ProjectConfig;
import dev.kiln.SourcePosition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files of a project, found under its configured paths and read in parallel. Paths are
 * relative to the project directory and use {@code /}.
 *
 * @param models       {@code models/**.sql}: path → text
 * @param yaml         {@code *.yml} under model, seed and snapshot paths: path → text
 * @param seeds        {@code seeds/**.csv}: paths
 * @param tests        singular tests {@code tests/**.sql} (outside {@code generic/}): path → text
 * @param genericTests {@code tests/generic/*.sql}: test name → text
 * @param macros       {@code macros/**.ftl}: path → text
 */
record ProjectFiles(Map<String, String> models, Map<String, String> yaml, List<String> seeds,
                    Map<String, String> tests, Map<String, String> genericTests, Map<String, String> macros) {

    static ProjectFiles scan(ProjectConfig config, List<Diagnostic> diagnostics) {
        Path root = config.root();
        ProjectConfig.Paths p = config.paths();
        List<String> schemaRoots = new ArrayList<>(p.models());
        schemaRoots.addAll(p.seeds());
        schemaRoots.addAll(p.snapshots());
        Map<String, String> tests = read(root, list(root, p.tests(), f -> f.endsWith(".sql") && !isGeneric(f)));
        Map<String, String> generic = new TreeMap<>();
        read(root, list(root, p.tests(), f -> f.endsWith(".sql") && isGeneric(f))).forEach((path, text) -> {
            String name = path.substring(path.lastIndexOf('/') + 1, path.length() - 4);
            if (generic.put(name, text) != null) {
                diagnostics.add(Diagnostic.error("duplicate-generic-test", SourcePosition.of(Path.of(path)),
                        "Generic test '" + name + "' is defined twice.", "Rename one of the files."));
            }
        });
        return new ProjectFiles(
                read(root, list(root, p.models(), f -> f.endsWith(".sql"))),
                read(root, list(root, schemaRoots, f -> f.endsWith(".yml") || f.endsWith(".yaml"))),
                list(root, p.seeds(), f -> f.endsWith(".csv")),
                tests, generic,
                read(root, list(root, p.macros(), f -> f.endsWith(".ftl"))));
    }

    private static boolean isGeneric(String path) {
        return path.contains("/generic/");
    }

    private static List<String> list(Path root, List<String> dirs, Predicate<String> accept) {
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            Path dir = root.resolve(d);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f).toString().replace('\\', '/'))
                        .filter(f -> accept.test(f) && !f.contains("/."))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new KilnException(ErrorCode.IO, "Cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out.stream().distinct().toList();
    }

    private static Map<String, String> read(Path root, List<String> files) {
        Map<String, String> out = new ConcurrentHashMap<>();
        try {
            files.parallelStream().forEach(f -> {
                try {
                    out.put(f, Files.readString(root.resolve(f), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(f + ": " + e.getMessage(), e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + e.getMessage(), e);
        }
        return new TreeMap<>(out);
    }
}
