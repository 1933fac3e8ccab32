package dev.kiln.dbt;

import dev.kiln.internal.jinja.JinjaExpressions;
import dev.kiln.internal.jinja.Unconvertible;
import dev.kiln.internal.load.ConfigKeys;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code dbt_project.yml} and the project's profile in {@code profiles.yml} → {@code kiln.yml}. */
final class ProjectYaml {

    private static final Set<String> DROPPED = Set.of("config-version", "profile", "require-dbt-version", "clean-targets",
            "log-path", "packages-install-path", "docs-paths", "asset-paths", "analysis-paths", "test-paths",
            "snapshot-paths", "seed-paths", "macro-paths", "model-paths", "target-path", "name", "version", "vars",
            "models", "seeds", "snapshots", "data_tests", "tests", "sources");
    private static final Pattern JINJA = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}", Pattern.DOTALL);

    private final DbtProject dbt;
    private final List<ImportProblem> problems;
    private final List<String> notes;

    ProjectYaml(DbtProject dbt, List<ImportProblem> problems, List<String> notes) {
        this.dbt = dbt;
        this.problems = problems;
        this.notes = notes;
    }

    /** The text of kiln.yml. */
    String kilnYml(Path profilesFile) {
        Map<String, Object> src = dbt.raw();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", dbt.name());
        if (src.get("version") != null) {
            out.put("version", String.valueOf(src.get("version")));
        }
        out.put("model-paths", dbt.modelPaths());
        out.put("seed-paths", dbt.seedPaths());
        out.put("test-paths", dbt.testPaths());
        out.put("macro-paths", dbt.macroPaths());
        out.put("snapshot-paths", dbt.snapshotPaths());
        out.put("analysis-paths", dbt.analysisPaths());
        out.put("target-path", src.getOrDefault("target-path", "target"));
        Object vars = src.get("vars");
        if (vars instanceof Map<?, ?> v && !v.isEmpty()) {
            out.put("vars", values(flattenProjectScope(v), "vars"));
        }
        for (String section : List.of("models", "seeds", "snapshots", "data_tests", "tests")) {
            if (src.get(section) instanceof Map<?, ?> m) {
                Map<String, Object> folders = folders(m, section, section);
                if (!folders.isEmpty()) {
                    out.put(section.equals("tests") ? "data_tests" : section, folders);
                }
            }
        }
        for (String key : src.keySet()) {
            if (!DROPPED.contains(key)) {
                problems.add(problem(key, "Kiln has no '" + key + "' in kiln.yml"
                        + (key.startsWith("on-run") ? "; run such statements as a model's pre_hook/post_hook" : "")));
            }
        }
        Profiles profiles = new Profiles(profilesFile, dbt.profileName(), problems, notes);
        out.put("targets", profiles.targets());
        out.put("default-target", profiles.defaultTarget());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(false);
        return "# Converted from " + dbt.file().getFileName() + " by kiln import-dbt\n"
                + new Yaml(options).dump(out);
    }

    private Map<String, Object> flattenProjectScope(Map<?, ?> vars) {
        Map<String, Object> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (String.valueOf(k).equals(dbt.name()) && v instanceof Map<?, ?> scoped) {
                scoped.forEach((k2, v2) -> out.put(String.valueOf(k2), v2));
            } else {
                out.put(String.valueOf(k), v);
            }
        });
        return out;
    }

    /** Folder config: config keys get their '+', the rest are folders (or resource names). */
    private Map<String, Object> folders(Map<?, ?> in, String section, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : in.entrySet()) {
            String key = String.valueOf(e.getKey());
            String bare = key.startsWith("+") ? key.substring(1) : key;
            bare = bare.equals("target_schema") ? "schema" : bare.replace('-', '_');
            boolean config = key.startsWith("+") || ConfigKeys.NODE.contains(bare) && !(e.getValue() instanceof Map<?, ?>
                    && !Set.of("meta", "docs", "persist_docs", "grants", "column_types", "contract").contains(bare));
            if (config) {
                if (ConfigKeys.NODE.contains(bare)) {
                    out.put("+" + bare, value(e.getValue(), path + "." + key));
                } else {
                    problems.add(problem(key, "the config '" + bare + "' (under " + path + ") has no Kiln equivalent; "
                            + "it was left out (see docs/reference.md for the config keys)"));
                }
            } else if (e.getValue() instanceof Map<?, ?> sub) {
                out.put(key, folders(sub, section, path + "." + key));
            } else {
                problems.add(problem(key, "'" + key + "' under " + path + " is neither a Kiln config nor a folder; "
                        + "it was left out"));
            }
        }
        return out;
    }

    private Map<String, Object> values(Map<String, Object> in, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, value(v, path + "." + k)));
        return out;
    }

    /** A value with its Jinja ({@code {{ env_var('X') }}}) rewritten for Kiln ({@code ${env_var('X')}}). */
    Object value(Object v, String path) {
        if (v instanceof String s && s.contains("{{")) {
            return jinjaString(s, path, problems, dbt.file().getFileName().toString(), dbt.text());
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(value(o, path));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), value(x, path + "." + k)));
            return out;
        }
        return v;
    }

    /** Rewrites each {@code {{ expr }}} in a YAML string as {@code ${expr}}, or leaves it and records a problem. */
    static String jinjaString(String s, String path, List<ImportProblem> problems, String file, String fileText) {
        Matcher m = JINJA.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement;
            try {
                replacement = "${" + JinjaExpressions.translate(m.group(1), NO_SCOPE) + "}";
            } catch (Unconvertible e) {
                problems.add(new ImportProblem(file, lineOf(fileText, m.group()), 0, m.group(), e.getMessage()));
                replacement = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static final JinjaExpressions.Scope NO_SCOPE = new JinjaExpressions.Scope() {
        @Override
        public String loopVariable() {
            return null;
        }

        @Override
        public List<String> parameters(String callee) {
            return null;
        }
    };

    private ImportProblem problem(String key, String why) {
        return new ImportProblem(dbt.file().getFileName().toString(), lineOf(dbt.text(), key + ":"), 0, key, why);
    }

    /** The first line holding {@code needle}, or 0. */
    static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        if (at < 0) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Reads a YAML file into a map (empty if the file is empty). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
