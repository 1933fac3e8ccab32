package dev.kiln.dbt;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.internal.jinja.JinjaTranslator;
import dev.kiln.internal.jinja.JinjaTranslator.Definition;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code kiln import-dbt SRC DEST}: converts the dbt project in {@code SRC} into a Kiln
 * project in {@code DEST}. {@code dbt_project.yml} and the profile become {@code kiln.yml};
 * models, singular tests and analyses are translated from Jinja to FreeMarker; macros become
 * FreeMarker functions in {@code macros/*.ftl}; {@code {% test %}} blocks become generic tests
 * in {@code tests/generic/}; {@code {% snapshot %}} blocks become a source model and a YAML
 * snapshot; schema YAML is carried over with {@code doc()} resolved; seeds and other files are
 * copied. Whatever cannot be converted is kept as written and listed in the report.
 */
public final class DbtImporter {

    private final Path src;
    private final Path dest;
    private final Path profiles;
    private final ImportListener listener;

    /**
     * @param src      the dbt project (holding dbt_project.yml)
     * @param dest     where the Kiln project goes: a new or empty directory
     * @param profiles the profiles.yml to read, or {@code null} to look in SRC, $DBT_PROFILES_DIR and ~/.dbt
     * @param listener progress, one call per file written
     */
    public DbtImporter(Path src, Path dest, Path profiles, ImportListener listener) {
        this.src = src;
        this.dest = dest;
        this.profiles = profiles;
        this.listener = listener;
    }

    /** Runs the import. */
    public ImportReport run() {
        if (!Files.isRegularFile(src.resolve("dbt_project.yml"))) {
            throw new KilnException(ErrorCode.PROJECT_INVALID, src + " is not a dbt project: it has no dbt_project.yml. "
                    + "Give the folder that holds dbt_project.yml as SRC.");
        }
        try {
            if (Files.exists(dest) && (!Files.isDirectory(dest) || nonEmpty(dest))) {
                throw new KilnException(ErrorCode.PROJECT_INVALID, dest + " exists and is not empty. kiln import-dbt "
                        + "writes a new project: give a new or empty folder as DEST.");
            }
            return convert();
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot import " + src + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new KilnException(ErrorCode.IO, e.getMessage(), e);
        }
    }

    private static boolean nonEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private ImportReport convert() throws IOException {
        List<ImportProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Output out = new Output(dest, listener);
        DbtProject dbt = DbtProject.read(src);
        out.text("kiln.yml", new ProjectYaml(dbt, problems, notes).kilnYml(profilesFile()));
        packages(problems, notes);

        Templates templates = new Templates(problems);
        Map<String, String> docs = new LinkedHashMap<>();
        List<Path> all = files(dbt);
        for (Path f : all) {
            String name = f.getFileName().toString();
            if (name.endsWith(".sql") || name.endsWith(".md")) {
                String text = Files.readString(f);
                templates.learn(text);
                if (text.contains("{% docs") || text.contains("{%- docs")) {
                    JinjaTranslator.translate(text, n -> null).docs().forEach(d -> docs.put(d.name(), d.text()));
                }
            }
        }
        SchemaYaml schema = new SchemaYaml(docs, problems);
        List<Definition> macros = new ArrayList<>();
        Map<Path, JinjaTranslator.Result> macroFiles = new LinkedHashMap<>();
        for (Path f : all) {
            String rel = rel(f);
            String name = f.getFileName().toString();
            String folder = folderOf(dbt, rel);
            if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                if (!folder.equals("macros")) {
                    out.text(rel, schema.convert(rel, Files.readString(f)));
                }
            } else if (name.endsWith(".md")) {
                continue; // docs blocks are written into the YAML descriptions that use them
            } else if (name.endsWith(".py")) {
                problems.add(new ImportProblem(rel, 1, 1, name, "Python models have no Kiln equivalent; "
                        + "rewrite it as a SQL model"));
            } else if (!name.endsWith(".sql")) {
                out.copy(rel, f);
            } else {
                JinjaTranslator.Result r = templates.translate(rel, Files.readString(f));
                switch (folder) {
                    case "macros" -> {
                        macros.addAll(r.definitions());
                        macroFiles.put(f, r);
                    }
                    case "snapshots" -> snapshots(dbt, rel, r, out, problems);
                    case "tests" -> tests(rel, r, out);
                    default -> out.text(rel, r.freemarker());
                }
            }
        }
        Map<String, List<Definition>> variants = Templates.adapterVariants(macros);
        for (Map.Entry<Path, JinjaTranslator.Result> e : macroFiles.entrySet()) {
            String rel = rel(e.getKey());
            out.text(rel.substring(0, rel.length() - ".sql".length()) + ".ftl",
                    Templates.macroFile(e.getValue().definitions(), variants));
        }
        return new ImportReport(List.copyOf(out.written()), List.copyOf(problems), List.copyOf(notes));
    }

    private void tests(String rel, JinjaTranslator.Result r, Output out) {
        List<Definition> tests = r.definitions().stream().filter(d -> d.kind().equals("test")).toList();
        if (tests.isEmpty()) {
            out.text(rel, r.freemarker());
            return;
        }
        String folder = rel.substring(0, rel.indexOf('/') < 0 ? 0 : rel.indexOf('/'));
        for (Definition d : tests) {
            StringBuilder sb = new StringBuilder("<#-- Converted from {% test " + d.name() + " %} by kiln import-dbt -->\n");
            d.defaults().forEach((k, v) -> sb.append("<#assign ").append(k).append(" = ").append(k).append("!").append(v)
                    .append(">\n"));
            out.text((folder.isEmpty() ? "tests" : folder) + "/generic/" + d.name() + ".sql", sb + d.body().strip() + "\n");
        }
    }

    private void snapshots(DbtProject dbt, String rel, JinjaTranslator.Result r, Output out, List<ImportProblem> problems) {
        List<Definition> snaps = r.definitions().stream().filter(d -> d.kind().equals("snapshot")).toList();
        if (snaps.isEmpty()) {
            out.text(rel, r.freemarker());
            return;
        }
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        StringBuilder yml = new StringBuilder("# Converted from " + rel + " by kiln import-dbt\nsnapshots:\n");
        for (int i = 0; i < snaps.size(); i++) {
            Definition d = snaps.get(i);
            String source = d.name() + "__snapshot_source";
            String body = d.body().replaceAll("<@config[^>]*/>", "").strip();
            out.text(dbt.modelPaths().get(0) + "/snapshot_sources/" + source + ".sql",
                    "<#-- The query of snapshot " + d.name() + " (" + rel + "), converted by kiln import-dbt -->\n"
                            + "<@config materialized=\"view\" />\n" + body + "\n");
            yml.append("  - name: ").append(d.name()).append("\n    relation: ref('").append(source).append("')\n");
            Map<String, String> config = i < r.configs().size() ? r.configs().get(i) : Map.of();
            if (!config.isEmpty()) {
                yml.append("    config:\n");
            }
            for (Map.Entry<String, String> e : config.entrySet()) {
                Object value;
                try {
                    value = yaml.load(e.getValue());
                } catch (RuntimeException ex) {
                    problems.add(new ImportProblem(rel, d.line(), 0, e.getKey() + "=" + e.getValue(),
                            "a snapshot config value Kiln cannot compute ahead of time; set it by hand"));
                    continue;
                }
                String key = switch (e.getKey()) {
                    case "target_schema" -> "schema";
                    case "target_database" -> "database";
                    default -> e.getKey();
                };
                if (key.equals("invalidate_hard_deletes")) {
                    key = "hard_deletes";
                    value = Boolean.TRUE.equals(value) ? "invalidate" : "ignore";
                }
                yml.append("      ").append(key).append(": ").append(SchemaYaml.json(String.valueOf(value))
                        .replace("\"[", "[").replace("]\"", "]")).append('\n');
            }
        }
        out.text(dbt.snapshotPaths().get(0) + "/" + rel.substring(rel.lastIndexOf('/') + 1).replace(".sql", ".yml"),
                yml.toString());
    }

    private void packages(List<ImportProblem> problems, List<String> notes) throws IOException {
        for (String file : List.of("packages.yml", "dependencies.yml")) {
            Path p = src.resolve(file);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            String text = Files.readString(p);
            if (!(ProjectYaml.read(p).get("packages") instanceof List<?> list)) {
                continue;
            }
            for (Object o : list) {
                String name = o instanceof Map<?, ?> m ? String.valueOf(m.containsKey("package") ? m.get("package")
                        : m.containsKey("git") ? m.get("git") : m.get("local")) : String.valueOf(o);
                if (name.endsWith("dbt_utils") || name.endsWith("dbt-utils") || name.endsWith("dbt-utils.git")) {
                    notes.add(file + ": " + name + " is not needed: Kiln has dbt_utils' macros and tests built in "
                            + "(docs/migrating-from-dbt.md).");
                } else {
                    problems.add(new ImportProblem(file, ProjectYaml.lineOf(text, name), 0, name,
                            "a dbt package; convert it with kiln import-dbt too and declare it under packages: in kiln.yml"));
                }
            }
        }
    }

    private Path profilesFile() {
        if (profiles != null) {
            return profiles;
        }
        Path local = src.resolve("profiles.yml");
        if (Files.isRegularFile(local)) {
            return local;
        }
        String dir = System.getenv("DBT_PROFILES_DIR");
        if (dir != null && Files.isRegularFile(Path.of(dir, "profiles.yml"))) {
            return Path.of(dir, "profiles.yml");
        }
        return Path.of(System.getProperty("user.home"), ".dbt", "profiles.yml");
    }

    /** Every file under the project's folders, sorted. */
    private List<Path> files(DbtProject dbt) throws IOException {
        List<Path> out = new ArrayList<>();
        List<String> roots = new ArrayList<>();
        for (List<String> paths : List.of(dbt.modelPaths(), dbt.seedPaths(), dbt.testPaths(), dbt.macroPaths(),
                dbt.snapshotPaths(), dbt.analysisPaths())) {
            roots.addAll(paths);
        }
        for (String root : roots) {
            Path dir = src.resolve(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                        .forEach(out::add);
            }
        }
        return out.stream().distinct().toList();
    }

    private String rel(Path f) {
        return src.relativize(f).toString().replace('\\', '/');
    }

    /** The kind of folder a file sits in: models, seeds, tests, macros, snapshots or analyses. */
    private static String folderOf(DbtProject dbt, String rel) {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put("macros", dbt.macroPaths());
        kinds.put("snapshots", dbt.snapshotPaths());
        kinds.put("tests", dbt.testPaths());
        kinds.put("seeds", dbt.seedPaths());
        kinds.put("analyses", dbt.analysisPaths());
        kinds.put("models", dbt.modelPaths());
        for (Map.Entry<String, List<String>> e : kinds.entrySet()) {
            for (String p : e.getValue()) {
                if (rel.startsWith(p.replace('\\', '/') + "/")) {
                    return e.getKey();
                }
            }
        }
        return "models";
    }
}
