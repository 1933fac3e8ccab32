package dev.kiln.serve;

import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the Lambda handler serves, from the function's environment variables:
 * {@code KILN_PROJECT_DIR} (default: {@code project} in the function's code directory,
 * {@code $LAMBDA_TASK_ROOT/project}), {@code KILN_TARGET} (default: the project's
 * {@code default-target}) and {@code KILN_EXPOSURES} (comma-separated names; default: every
 * serve exposure).
 *
 * @param projectDir the project directory
 * @param target     the target, or {@code null} for the default
 * @param exposures  the exposure names, or empty for all
 */
public record LambdaEnvironment(Path projectDir, String target, List<String> exposures) {

    /** Copies the list. */
    public LambdaEnvironment {
        exposures = List.copyOf(exposures);
    }

    /** Reads {@code env}. */
    public static LambdaEnvironment fromEnvironment(Map<String, String> env) {
        String dir = env.get("KILN_PROJECT_DIR");
        if (dir == null || dir.isBlank()) {
            dir = Path.of(env.getOrDefault("LAMBDA_TASK_ROOT", "."), "project").toString();
        }
        String target = env.get("KILN_TARGET");
        String names = env.getOrDefault("KILN_EXPOSURES", "");
        return new LambdaEnvironment(Path.of(dir), target == null || target.isBlank() ? null : target,
                Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** Loads the project and opens its API (the data copied once, now). */
    public ServeApp open() {
        KilnBuilder b = Kiln.configure().projectDir(projectDir);
        if (target != null) {
            b.target(target);
        }
        Kiln kiln = b.load();
        return ServeApp.open(kiln, ServeExposures.select(kiln, exposures));
    }
}
