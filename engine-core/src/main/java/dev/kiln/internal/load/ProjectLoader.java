package dev.kiln.internal.load;

import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Exposure;
import dev.kiln.KilnException;
import dev.kiln.Project;
import dev.kiln.ProjectConfig;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.UnitTestSpec;
import dev.kiln.internal.yaml.ChunkedYamlParser;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlParser;
import dev.kiln.internal.yaml.YamlReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The load stage: reads {@code kiln.yml}, every YAML file, model, seed, test and macro of a
 * project into an immutable {@link Project}. Every problem is collected; if any is an error,
 * one {@link KilnException} reports them all.
 */
public final class ProjectLoader {

    /** The name of the project file. */
    public static final String PROJECT_FILE = "kiln.yml";

    private final Function<String, String> env;

    /** @param env looks up environment variables for {@code env_var()} */
    public ProjectLoader(Function<String, String> env) {
        this.env = env;
    }

    /**
     * Reads {@code kiln.yml} in {@code dir} alone (no models): for commands that need only the
     * project's settings, such as {@code kiln clean}. Throws {@link KilnException} with every
     * problem in the file.
     */
    public ProjectConfig readConfig(Path dir) {
        List<Diagnostic> diagnostics = Collections.synchronizedList(new ArrayList<>());
        ProjectFileReader.Result kiln = readProjectFile(dir.toAbsolutePath().normalize(), diagnostics,
                new YamlReader(diagnostics), new EnvVarResolver(env));
        KilnException.throwIfErrors(sort(diagnostics));
        return kiln.config();
    }

    /** Loads the project in {@code dir}. */
    public Project load(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        List<Diagnostic> diagnostics = Collections.synchronizedList(new ArrayList<>());
        YamlReader reader = new YamlReader(diagnostics);
        EnvVarResolver envVars = new EnvVarResolver(env);
        ProjectFileReader.Result kiln = readProjectFile(root, diagnostics, reader, envVars);
        ProjectConfig.Paths withPackages = Packages.paths(kiln.config(), reader);
        Packages.dbtPackagesFile(root, reader);
        ProjectFiles files = ProjectFiles.scan(kiln.config().withPaths(withPackages), diagnostics);
        List<SchemaFile> schemas = readSchemas(kiln.config().name(), files, envVars, diagnostics);

        NodeAssembler assembler = new NodeAssembler(new NodeAssembler.Input(kiln.config().name(), files, schemas,
                kiln.folders(), withPackages), reader);
        assembler.assemble();
        assembler.nodes().values().parallelStream().filter(n -> n.resourceType() == ResourceType.SEED)
                .forEach(n -> SeedFileCheck.check(root, n, diagnostics));
        Map<String, UnitTestSpec> unitTests = unitTests(schemas, reader);
        Map<String, Exposure> exposures = new ExposureResolver(kiln.config().name(), assembler.nodes(),
                assembler.sources(), reader).resolve(schemas);
        warnUnusedFolderConfig(kiln.folders(), reader);

        List<Diagnostic> sorted = sort(diagnostics);
        KilnException.throwIfErrors(sorted);
        List<Project.MacroFile> macros = files.macros().entrySet().stream()
                .map(e -> new Project.MacroFile(e.getKey(), e.getValue(), Packages.namespaceOf(e.getKey(), kiln.config())))
                .toList();
        return new Project(kiln.config(), Collections.unmodifiableMap(assembler.nodes()),
                Collections.unmodifiableMap(assembler.sources()), Collections.unmodifiableMap(unitTests), macros, sorted,
                Collections.unmodifiableMap(exposures));
    }

    private static List<SchemaFile> readSchemas(String project, ProjectFiles files, EnvVarResolver envVars,
                                                List<Diagnostic> diagnostics) {
        return files.yaml().entrySet().parallelStream().map(e -> {
            List<Diagnostic> local = new ArrayList<>();
            Path path = Path.of(e.getKey());
            YamlReader reader = new YamlReader(local);
            YNode doc = new ChunkedYamlParser(path, local).parse(e.getValue());
            boolean hasEnvVars = e.getValue().contains("env_var");
            if (doc != null && hasEnvVars) {
                doc = resolveOutsideExposures(doc, envVars, reader);
            }
            SchemaFile f = new SchemaFileReader(project, reader, hasEnvVars ? envVars : null).read(path, doc);
            diagnostics.addAll(local);
            return f;
        }).toList();
    }

    /**
     * {@code doc} with {@code env_var()} resolved everywhere but under {@code exposures:}, whose
     * entries are resolved one by one as they are read (a disabled one may name unset variables).
     */
    private static YNode resolveOutsideExposures(YNode doc, EnvVarResolver envVars, YamlReader reader) {
        if (!(doc instanceof YNode.YMap map) || map.get("exposures") == null) {
            return envVars.resolveTree(doc, reader);
        }
        Map<String, YNode> rest = new LinkedHashMap<>(map.entries());
        YNode exposures = rest.remove("exposures");
        YNode.YMap resolved = (YNode.YMap) envVars.resolveTree(new YNode.YMap(rest, map.keyPositions(), map.position()), reader);
        Map<String, YNode> all = new LinkedHashMap<>();
        map.entries().keySet().forEach(k -> all.put(k, k.equals("exposures") ? exposures : resolved.get(k)));
        return new YNode.YMap(all, map.keyPositions(), map.position());
    }

    private static Map<String, UnitTestSpec> unitTests(List<SchemaFile> schemas, YamlReader reader) {
        Map<String, UnitTestSpec> out = new LinkedHashMap<>();
        schemas.forEach(f -> f.unitTests().forEach(u -> {
            if (out.putIfAbsent(u.uniqueId(), u) != null) {
                reader.error("duplicate-unit-test", u.origin().position(), "Unit test '" + u.name()
                        + "' of model '" + u.model() + "' is declared twice.", "Rename one of them.");
            }
        }));
        return out;
    }

    private static void warnUnusedFolderConfig(Map<ResourceType, FolderConfig> folders, YamlReader reader) {
        folders.forEach((type, tree) -> tree.unused().forEach((path, at) -> reader.warning("unused-config", at,
                "Folder config '" + path + "' under '" + (type == ResourceType.TEST ? "data_tests" : type.dbtName() + "s")
                        + ":' matches no resource.", "Check the folder name.")));
    }

    private static List<Diagnostic> sort(List<Diagnostic> diagnostics) {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        copy.sort(Comparator.comparing((Diagnostic d) -> d.position() == null ? "" : String.valueOf(d.position().file()))
                .thenComparingInt(d -> d.position() == null ? 0 : d.position().line())
                .thenComparingInt(d -> d.position() == null ? 0 : d.position().column()));
        return copy;
    }

    /** {@code kiln.yml}, with {@code env_var()} resolved in its values. */
    private static ProjectFileReader.Result readProjectFile(Path root, List<Diagnostic> diagnostics, YamlReader reader,
                                                            EnvVarResolver envVars) {
        Path projectFile = root.resolve(PROJECT_FILE);
        if (!Files.isRegularFile(projectFile)) {
            throw new KilnException(ErrorCode.USAGE, "No " + PROJECT_FILE + " in " + root
                    + ". Run kiln from a project directory or pass --project-dir.");
        }
        YNode doc = new YamlParser(Path.of(PROJECT_FILE), diagnostics).parse(ProjectText.read(root, PROJECT_FILE, diagnostics));
        if (doc == null) {
            KilnException.throwIfErrors(sort(diagnostics)); // unreadable: the only error worth showing
        }
        TargetSecrets.check(doc, reader);
        return new ProjectFileReader(reader).read(root, Path.of(PROJECT_FILE),
                doc == null ? null : envVars.resolveTree(doc, reader));
    }


}
