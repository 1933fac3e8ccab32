package dev.kiln.internal.load;

import dev.kiln.KilnPackage;
import dev.kiln.ProjectConfig;
import dev.kiln.internal.yaml.YamlReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A package's {@code models/}, {@code tests/} and {@code macros/} folders join the project's
 * own; its macro files form the namespace named after the package.
 */
final class Packages {

    private Packages() {
    }

    /** The project's paths with each package's folders added; a package not installed is an error. */
    static ProjectConfig.Paths paths(ProjectConfig config, YamlReader reader) {
        ProjectConfig.Paths p = config.paths();
        if (config.packages().isEmpty()) {
            return p;
        }
        List<String> models = new ArrayList<>(p.models());
        List<String> tests = new ArrayList<>(p.tests());
        List<String> macros = new ArrayList<>(p.macros());
        for (KilnPackage pkg : config.packages()) {
            if (!Files.isDirectory(pkg.dir())) {
                reader.error("missing-package", pkg.position(), pkg.maven() != null
                                ? "Package '" + pkg.name() + "' (" + pkg.maven() + ") is not installed."
                                : "Package folder " + pkg.dir() + " does not exist.",
                        pkg.maven() != null ? "Run 'kiln deps' to fetch it into " + KilnPackage.INSTALL_DIR + "/."
                                : "Check the 'local:' path (relative to the project directory).");
                continue;
            }
            String base = relative(config.root(), pkg.dir());
            models.add(base + "models");
            tests.add(base + "tests");
            macros.add(base + "macros");
        }
        return new ProjectConfig.Paths(models, p.seeds(), tests, macros, p.snapshots(), p.target());
    }

    /** The package a macro file belongs to, or {@code null} for the project's own. */
    static String namespaceOf(String macroPath, ProjectConfig config) {
        for (KilnPackage pkg : config.packages()) {
            if (macroPath.startsWith(relative(config.root(), pkg.dir()) + "macros/")) {
                return pkg.name();
            }
        }
        return null;
    }

    private static String relative(Path root, Path dir) {
        String r = root.relativize(dir).toString().replace('\\', '/');
        return r.isEmpty() ? "" : r + "/";
    }

    /**
     * dbt's {@code packages.yml} is not read by Kiln: a warning says so, and that dbt_utils is
     * built in when the file names it.
     */
    static void dbtPackagesFile(Path root, YamlReader reader) {
        Path file = root.resolve("packages.yml");
        if (!Files.isRegularFile(file)) {
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (java.io.IOException e) {
            return;
        }
        int at = text.indexOf("dbt_utils");
        if (at < 0) {
            at = text.indexOf("dbt-utils");
        }
        int line = at < 0 ? 1 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        reader.warning("dbt-packages-file", new dev.kiln.SourcePosition(Path.of("packages.yml"), line, 1),
                at >= 0 ? "packages.yml names dbt_utils, which Kiln does not install: its macros and tests are built in."
                        : "packages.yml is dbt's; Kiln does not read it.",
                at >= 0 ? "Call them as ${dbt_utils.star(ref('x'))} or ${star(ref('x'))} (docs/migrating-from-dbt.md), "
                        + "and delete packages.yml." : "Declare Kiln packages under 'packages:' in kiln.yml and run kiln deps.");
    }
}
