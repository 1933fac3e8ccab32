package dev.kiln.internal.load;

import dev.kiln.ProjectConfig;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;
import dev.kiln.internal.util.Suggest;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code kiln.yml} into a {@link ProjectConfig} and the folder-level config trees. */
final class ProjectFileReader {

    static final Set<String> TOP_KEYS = Set.of("name", "version", "config-version", "profile", "model-paths",
            "seed-paths", "test-paths", "macro-paths", "snapshot-paths", "analysis-paths", "target-path",
            "clean-targets", "vars", "models", "seeds", "snapshots", "data_tests", "tests", "sources",
            "targets", "default-target", "require-kiln-version", "airflow", "alerts", "packages",
            "on-run-start", "on-run-end");

    /** What kiln.yml yields: the project config and folder configs per resource type. */
    record Result(ProjectConfig config, Map<ResourceType, FolderConfig> folders) {
    }

    private final YamlReader reader;

    ProjectFileReader(YamlReader reader) {
        this.reader = reader;
    }

    Result read(Path root, Path file, YNode doc) {
        YNode.YMap map = reader.map(doc, "kiln.yml");
        boolean empty = map == null;
        if (empty) {
            reader.error("empty-project-file", new SourcePosition(file, 1, 1), "kiln.yml is empty.",
                    "Start it with 'name: my_project' and a target, e.g. targets: {dev: {type: duckdb, path: target/dev.duckdb}}.");
            map = new YNode.YMap(Map.of(), Map.of(), new SourcePosition(file, 1, 1));
        }
        reader.checkKeys(map, TOP_KEYS, "kiln.yml");
        String name = empty ? null : reader.required(map, "name", "kiln.yml"); // an empty file is one error
        if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            reader.error("bad-name", map.keyPosition("name"), "Project name '" + name
                    + "' must be letters, digits and underscores, starting with a letter.", null);
        }
        name = name == null ? "project" : name;
        String version = reader.string(map, "version", "'version'");
        ProjectConfig.Paths paths = new ProjectConfig.Paths(
                paths(map, "model-paths", "models"), paths(map, "seed-paths", "seeds"),
                paths(map, "test-paths", "tests"), paths(map, "macro-paths", "macros"),
                paths(map, "snapshot-paths", "snapshots"),
                orDefault(reader.string(map, "target-path", "'target-path'"), "target"));
        Map<String, Object> vars = new LinkedHashMap<>();
        YNode.YMap varsMap = reader.map(map.get("vars"), "'vars'");
        if (varsMap != null) {
            varsMap.entries().forEach((k, v) -> vars.put(k, v.plain()));
        }
        Map<String, TargetConfig> targets = targets(map);
        String defaultTarget = reader.string(map, "default-target", "'default-target'");
        if (defaultTarget == null && !targets.isEmpty()) {
            defaultTarget = targets.containsKey("dev") ? "dev" : targets.keySet().iterator().next();
        } else if (defaultTarget != null && !targets.containsKey(defaultTarget)) {
            reader.error("unknown-target", map.keyPosition("default-target"), "default-target '" + defaultTarget
                    + "' is not under 'targets:'.", Suggest.didYouMean(defaultTarget, targets.keySet(),
                    "Targets: " + String.join(", ", targets.keySet()) + "."));
        }
        Map<ResourceType, FolderConfig> folders = new EnumMap<>(ResourceType.class);
        folders.put(ResourceType.MODEL, FolderConfig.read(map.get("models"), "models", name, ConfigKeys.NODE, reader));
        folders.put(ResourceType.SEED, FolderConfig.read(map.get("seeds"), "seeds", name, ConfigKeys.NODE, reader));
        folders.put(ResourceType.SNAPSHOT, FolderConfig.read(map.get("snapshots"), "snapshots", name, ConfigKeys.NODE, reader));
        YNode testNode = map.get("data_tests") != null ? map.get("data_tests") : map.get("tests");
        folders.put(ResourceType.TEST, FolderConfig.read(testNode, "data_tests", name, ConfigKeys.TEST, reader));
        OperationsReader operations = new OperationsReader(reader);
        ProjectConfig config = new ProjectConfig(name, orDefault(version, "0.0.0"), root, paths, vars, targets,
                defaultTarget, operations.airflow(map.get("airflow")), operations.alerts(map.get("alerts")),
                PackageReader.read(map.get("packages"), root, reader),
                new dev.kiln.RunHooks(hooks(map, "on-run-start"), hooks(map, "on-run-end")));
        return new Result(config, folders);
    }

    /** {@code on-run-start} or {@code on-run-end}: one SQL string or a list of them, each at its own position. */
    private List<dev.kiln.Hook> hooks(YNode.YMap map, String key) {
        List<dev.kiln.Hook> out = new java.util.ArrayList<>();
        for (YNode item : reader.list(map.get(key), "'" + key + "'")) {
            try {
                out.addAll(dev.kiln.Hook.of(item.plain(), item.position()));
            } catch (IllegalArgumentException e) {
                reader.error("bad-hook", item.position(), "'" + key + "': " + e.getMessage() + ".",
                        "Write " + key + ": [\"insert into audit.runs values (current_timestamp)\"], one SQL statement per entry.");
            }
        }
        return out;
    }

    private Map<String, TargetConfig> targets(YNode.YMap map) {
        Map<String, TargetConfig> out = new LinkedHashMap<>();
        YNode.YMap targets = reader.map(map.get("targets"), "'targets'");
        if (targets == null) {
            return out;
        }
        targets.entries().forEach((targetName, node) -> {
            YNode.YMap t = reader.map(node, "target '" + targetName + "'");
            if (t == null) {
                return;
            }
            String type = reader.required(t, "type", "target '" + targetName + "'");
            Map<String, Object> settings = new LinkedHashMap<>();
            t.entries().forEach((k, v) -> {
                if (!"type".equals(k)) {
                    settings.put(k, v.plain());
                }
            });
            if (t.get("threads") != null) {
                YNode threads = t.get("threads");
                Object resolved = settings.get("threads");
                if (!(resolved instanceof Integer i && i > 0) && !(resolved instanceof String s && s.matches("[1-9][0-9]*"))) {
                    reader.error("wrong-type", threads.position(), "threads must be a positive whole number, not '"
                            + resolved + "'.", null);
                    settings.remove("threads");
                }
            }
            out.put(targetName, new TargetConfig(targetName, type == null ? "" : type, settings, t.position()));
        });
        return out;
    }

    private List<String> paths(YNode.YMap map, String key, String fallback) {
        YNode node = map.get(key);
        if (node == null) {
            return List.of(fallback);
        }
        return reader.strings(node, "'" + key + "'");
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
