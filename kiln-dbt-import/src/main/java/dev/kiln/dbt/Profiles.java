package dev.kiln.dbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dbt profile ({@code profiles.yml}) → Kiln targets. Settings Kiln's adapters know are kept
 * (renamed where Kiln's name differs, e.g. dbt-athena's {@code region_name} → {@code region});
 * credentials stay as written ({@code {{ env_var('X') }}} becomes {@code ${env_var('X')}}) and are
 * never printed.
 */
final class Profiles {

    private static final Map<String, String> RENAMED = Map.of("region_name", "region", "aws_profile_name",
            "aws_profile_name", "dbname", "database");
    private static final Set<String> DUCKDB = Set.of("type", "path", "threads", "schema", "extensions", "settings",
            "attach");
    private static final Set<String> ATHENA = Set.of("type", "region", "schema", "database", "work_group",
            "s3_staging_dir", "s3_data_dir", "s3_data_naming", "threads", "aws_profile_name");

    private final Path file;
    private final String profile;
    private final List<ImportProblem> problems;
    private final List<String> notes;
    private String defaultTarget;

    Profiles(Path file, String profile, List<ImportProblem> problems, List<String> notes) {
        this.file = file;
        this.profile = profile;
        this.problems = problems;
        this.notes = notes;
    }

    /** The targets; a DuckDB {@code dev} target when there is no profile to read. */
    Map<String, Object> targets() {
        Map<String, Object> targets = new LinkedHashMap<>();
        Map<String, Object> entry = null;
        String text = "";
        if (file != null && Files.isRegularFile(file)) {
            try {
                text = Files.readString(file);
                entry = ProjectYaml.read(file).get(profile) instanceof Map<?, ?> m ? cast(m) : null;
            } catch (IOException e) {
                problems.add(new ImportProblem(file.toString(), 0, 0, "profiles.yml", "cannot be read: " + e.getMessage()));
            }
        }
        if (entry == null || !(entry.get("outputs") instanceof Map<?, ?> outputs)) {
            notes.add("No profile '" + profile + "' found (looked in " + (file == null ? "no profiles.yml" : file)
                    + "); kiln.yml gets a DuckDB target 'dev' writing target/" + profile + ".duckdb.");
            targets.put("dev", new LinkedHashMap<>(Map.of("type", "duckdb", "path", "target/" + profile + ".duckdb")));
            defaultTarget = "dev";
            return targets;
        }
        for (Map.Entry<?, ?> o : outputs.entrySet()) {
            String name = String.valueOf(o.getKey());
            if (o.getValue() instanceof Map<?, ?> settings) {
                targets.put(name, target(name, cast(settings), text));
            }
        }
        Object t = entry.get("target");
        defaultTarget = t != null && targets.containsKey(String.valueOf(t)) ? String.valueOf(t)
                : targets.keySet().stream().findFirst().orElse("dev");
        return targets;
    }

    String defaultTarget() {
        return defaultTarget;
    }

    private Map<String, Object> target(String name, Map<String, Object> settings, String text) {
        String type = String.valueOf(settings.getOrDefault("type", ""));
        Set<String> known = switch (type) {
            case "duckdb" -> DUCKDB;
            case "athena" -> ATHENA;
            default -> null;
        };
        if (known == null) {
            problems.add(new ImportProblem("profiles.yml", ProjectYaml.lineOf(text, name + ":"), 0, "target '" + name + "'",
                    "Kiln has no adapter of type '" + type + "' (duckdb and athena); the settings were copied as they are"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            String key = RENAMED.getOrDefault(e.getKey(), e.getKey());
            if (known != null && !known.contains(key)) {
                if (!Set.of("database", "schema").contains(key) || !type.equals("duckdb")) {
                    notes.add("profiles.yml: target '" + name + "': '" + e.getKey() + "' left out (Kiln's " + type
                            + " adapter has no such setting).");
                }
                continue;
            }
            Object v = e.getValue();
            if (v instanceof String s && s.contains("{{")) {
                v = ProjectYaml.jinjaString(s, "profiles", problems, "profiles.yml", text);
            }
            out.put(key, v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
