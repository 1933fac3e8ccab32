package dev.kiln.internal.load;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.ProjectConfig;
import dev.kiln.SourcePosition;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
        Map<Path, List<String>> listed = new HashMap<>(); // each folder is walked once
        List<String> schemaRoots = new ArrayList<>(p.models());
        schemaRoots.addAll(p.seeds());
        schemaRoots.addAll(p.snapshots());
        Map<String, String> tests = read(root, list(listed, root, p.tests(), f -> f.endsWith(".sql") && !isGeneric(f)), diagnostics);
        Map<String, String> generic = new TreeMap<>();
        read(root, list(listed, root, p.tests(), f -> f.endsWith(".sql") && isGeneric(f)), diagnostics).forEach((path, text) -> {
            String name = path.substring(path.lastIndexOf('/') + 1, path.length() - 4);
            if (generic.put(name, text) != null) {
                diagnostics.add(Diagnostic.error("duplicate-generic-test", SourcePosition.of(Path.of(path)),
                        "Generic test '" + name + "' is defined twice.", "Rename one of the files."));
            }
        });
        return new ProjectFiles(
                read(root, list(listed, root, p.models(), f -> f.endsWith(".sql")), diagnostics),
                read(root, list(listed, root, schemaRoots, f -> f.endsWith(".yml") || f.endsWith(".yaml")), diagnostics),
                list(listed, root, p.seeds(), f -> f.endsWith(".csv")),
                tests, generic,
                read(root, list(listed, root, p.macros(), f -> f.endsWith(".ftl")), diagnostics));
    }

    private static boolean isGeneric(String path) {
        return path.contains("/generic/");
    }

    /**
     * The files under {@code dirs} (relative to {@code root}) whose path {@code accept}s, sorted.
     * Hidden files and folders are left out; symbolic links to folders are followed.
     */
    private static List<String> list(Map<Path, List<String>> listed, Path root, List<String> dirs,
                                     Predicate<String> accept) {
        List<String> out = new ArrayList<>();
        for (String d : dirs) {
            for (String f : listed.computeIfAbsent(root.resolve(d).normalize(), dir -> walk(root, dir))) {
                if (accept.test(f)) {
                    out.add(f);
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out.stream().distinct().toList();
    }

    /** Every project file under {@code dir}, as a path relative to {@code root}. */
    private static List<String> walk(Path root, Path dir) {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            walk(dir, root.relativize(dir).toString().replace('\\', '/'), out, new HashSet<>());
        }
        return out;
    }

    /**
     * Lists {@code dir} recursively without asking the file system about entries whose name
     * ends with a project file extension (they are taken for files: on 10,000 models, one
     * {@code stat} per file was a tenth of {@code kiln compile}); other entries are folders
     * when {@link Files#isDirectory} says so. A link to a folder is followed once: a link back
     * to a folder above it is not walked again.
     */
    private static void walk(Path dir, String relative, List<String> out, Set<Path> linked) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                String path = relative.isEmpty() ? name : relative + "/" + name;
                if (hasProjectExtension(name)) {
                    out.add(path);
                } else if (Files.isDirectory(entry)) {
                    if (Files.isSymbolicLink(entry) && !linked.add(entry.toRealPath())) {
                        continue; // reached through links before: a loop
                    }
                    walk(entry, path, out, linked);
                }
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasProjectExtension(String name) {
        return name.endsWith(".sql") || name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".csv")
                || name.endsWith(".ftl");
    }

    /** The files' text, read in parallel; text that is not UTF-8 adds a diagnostic (see {@link ProjectText}). */
    private static Map<String, String> read(Path root, List<String> files, List<Diagnostic> diagnostics) {
        Map<String, String> out = new ConcurrentHashMap<>();
        List<Diagnostic> found = java.util.Collections.synchronizedList(new ArrayList<>());
        files.parallelStream().forEach(f -> out.put(f, ProjectText.read(root, f, found)));
        diagnostics.addAll(found);
        return new TreeMap<>(out);
    }
}
