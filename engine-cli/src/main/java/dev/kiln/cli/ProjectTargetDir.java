package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a project's target directory from {@code kiln.yml} alone (read as every command reads
 * it, {@code env_var()} included), so that {@code kiln clean} works even when models are
 * broken, and checks that it lies strictly inside the project.
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
        String targetPath = override != null ? override.toString()
                : Kiln.configure().projectDir(root).readProjectConfig().paths().target();
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
}
