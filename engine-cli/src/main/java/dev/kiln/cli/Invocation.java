package dev.kiln.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The working directory and environment of the command being run. In a normal {@code kiln}
 * process they are the process's own; in the compiler daemon ({@link dev.kiln.cli.daemon}) they
 * are the client's, set for the duration of one request (requests run one at a time), so that
 * relative paths, {@link Terminal#display} and {@code env_var()} mean what they would in the
 * client's own process.
 */
public final class Invocation {

    /** The client's, while the daemon runs a request; {@code null} otherwise. */
    private static volatile Invocation current;

    private final Path cwd;
    private final Map<String, String> env;

    private Invocation(Path cwd, Map<String, String> env) {
        this.cwd = cwd;
        this.env = env;
    }

    /**
     * Runs {@code body} as the client's command: in {@code cwd}, with {@code env}.
     *
     * @param cwd  the client's working directory (absolute)
     * @param env  the client's whole environment
     * @param body the command
     * @return what {@code body} returned
     */
    public static int run(Path cwd, Map<String, String> env, java.util.function.IntSupplier body) {
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("not absolute: " + cwd);
        }
        current = new Invocation(cwd.normalize(), Map.copyOf(env));
        try {
            return body.getAsInt();
        } finally {
            current = null;
        }
    }

    /** Where {@code env_var()} looks: the client's environment in the daemon, else the process's. */
    static Function<String, String> env() {
        Invocation i = current;
        if (i == null) {
            return System::getenv;
        }
        Map<String, String> env = i.env;
        return env::get;
    }

    /** {@code path} as the command's working directory resolves it ({@code path} itself outside the daemon). */
    static Path resolve(Path path) {
        Objects.requireNonNull(path, "path");
        Invocation i = current;
        return i == null ? path : i.cwd.resolve(path).normalize();
    }

    /** The command's working directory, absolute. */
    static Path cwd() {
        Invocation i = current;
        return i == null ? Path.of("").toAbsolutePath().normalize() : i.cwd;
    }
}
