package dev.kiln.dbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the importer reads from {@code dbt_project.yml}: the name, the profile and the folders.
 *
 * @param file the dbt_project.yml
 * @param text its text (for line numbers)
 * @param raw  its content
 */
record DbtProject(Path file, String text, Map<String, Object> raw) {

    static DbtProject read(Path root) throws IOException {
        Path file = root.resolve("dbt_project.yml");
        return new DbtProject(file, Files.readString(file), ProjectYaml.read(file));
    }

    String name() {
        return String.valueOf(raw.getOrDefault("name", "project")).replace('-', '_');
    }

    String profileName() {
        return String.valueOf(raw.getOrDefault("profile", name()));
    }

    List<String> modelPaths() {
        return paths("model-paths", "source-paths", "models");
    }

    List<String> seedPaths() {
        return paths("seed-paths", "data-paths", "seeds");
    }

    List<String> testPaths() {
        return paths("test-paths", null, "tests");
    }

    List<String> macroPaths() {
        return paths("macro-paths", null, "macros");
    }

    List<String> snapshotPaths() {
        return paths("snapshot-paths", null, "snapshots");
    }

    List<String> analysisPaths() {
        return paths("analysis-paths", null, "analyses");
    }

    private List<String> paths(String key, String legacy, String fallback) {
        Object v = raw.get(key);
        if (v == null && legacy != null) {
            v = raw.get(legacy);
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            l.forEach(x -> out.add(String.valueOf(x)));
            return out;
        }
        return v == null ? List.of(fallback) : List.of(String.valueOf(v));
    }
}
