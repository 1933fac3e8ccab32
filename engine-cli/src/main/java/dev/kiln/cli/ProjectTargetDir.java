package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds a project's target directory from {@code kiln.yml} alone, so that {@code kiln clean}
 * works even when models are broken, and checks that it lies strictly inside the project.
 */
final class ProjectTargetDir {

    private ProjectTargetDir() {
    }

    /**
     * The absolute, normalized target directory of the project in {@code projectDir}.
     *
     * @param override {@code --target-path} (relative to the project directory), or {@code null}
     *
     * @throws KilnException ({@link ErrorCode#USAGE}) when there is no readable kiln.yml or
     *                       its {@code target-path} points outside the project
     */
    static Path resolve(Path projectDir, Path override) {
        Path root = projectDir.toAbsolutePath().normalize();
        Path file = root.resolve("kiln.yml");
        if (!Files.isRegularFile(file)) {
            throw new KilnException(ErrorCode.USAGE, "No kiln.yml in " + Terminal.display(root)
                    + ". Run kiln in a project directory or pass --project-dir.");
        }
        String targetPath = override != null ? override.toString() : targetPath(file);
        String from = override != null ? "--target-path" : Terminal.display(file) + ": target-path";
        Path target = root.resolve(targetPath).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw outside(from, targetPath);
        }
        try {
            if (Files.exists(target) && !target.toRealPath().startsWith(root.toRealPath())) {
                throw outside(from, targetPath + " (a link to " + target.toRealPath() + ")");
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot resolve " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    private static KilnException outside(String from, String targetPath) {
        return new KilnException(ErrorCode.USAGE, from + " '" + targetPath
                + "' is not a folder inside the project; refusing to delete it.");
    }

    private static String targetPath(Path file) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new KilnException(ErrorCode.PROJECT_INVALID, Terminal.display(file) + " is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (loaded instanceof Map<?, ?> map && map.get("target-path") != null) {
            return String.valueOf(map.get("target-path"));
        }
        return "target";
    }
}
