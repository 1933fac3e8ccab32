package dev.kiln.cli;

import dev.kiln.ConnectionCheck;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.ProjectConfig;
import dev.kiln.TargetConfig;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code kiln debug}: checks, one line each with {@code [OK …]} or {@code [ERROR …]}, that the
 * project is found and valid, the target is configured, its adapter is on the class path and the
 * warehouse answers a query; prints the versions of Kiln, Java and the warehouse. Exit 0 when
 * every check passed, 1 otherwise. Secrets are never printed: a setting whose name looks like
 * one shows {@code ****}, and credentials in a URL are hidden.
 */
@Command(name = "debug",
        description = "Check the project, the target's configuration and the connection; print versions. Exit 1 if a check fails.")
public final class DebugCommand extends KilnSubcommand {

    /** Setting names whose values are never shown. */
    static final Pattern SECRET_KEY = Pattern.compile(
            ".*(password|passwd|secret|token|api_key|apikey|access_key|private_key|credential|session_key|auth).*");

    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://)[^/@\\s]+@");

    @Override
    protected int execute(Terminal terminal) {
        terminal.println("kiln=" + Kiln.VERSION + " java=" + Runtime.version() + " (" + System.getProperty("java.vendor")
                + ") os=" + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        Path dir = options().projectDir().toAbsolutePath().normalize();
        terminal.println("Project directory: " + Terminal.display(dir));
        terminal.println("");
        terminal.println("Configuration:");
        boolean ok = true;
        ProjectConfig config;
        try {
            if (!Files.isRegularFile(dir.resolve("kiln.yml"))) {
                throw new KilnException(dev.kiln.ErrorCode.USAGE, "No kiln.yml in " + Terminal.display(dir)
                        + ". Run kiln debug in a project directory, or give --project-dir DIR (kiln init NAME makes a project).");
            }
            config = options().builder(dev.kiln.KilnListener.NONE).readProjectConfig();
            check(terminal, "kiln.yml file", null, "found and valid (project " + config.name() + ")");
        } catch (KilnException e) {
            check(terminal, "kiln.yml file", e, null);
            return fail(terminal);
        }
        try (Kiln kiln = options().builder(dev.kiln.KilnListener.NONE).load()) {
            check(terminal, "project files", null, "found and valid (" + kiln.project().nodes().size() + " nodes)");
            TargetConfig target = kiln.target();
            terminal.println("");
            terminal.println("Target '" + target.name() + "' (type " + target.type() + ", " + target.position() + "):");
            target.settings().forEach((k, v) -> terminal.println("  " + k + ": " + shown(k, v)));
            check(terminal, "adapter", null, target.type() + " found");
            terminal.println("");
            terminal.println("Connection:");
            try {
                ConnectionCheck c = kiln.checkConnection();
                check(terminal, "connection", null, "connection ok"
                        + (c.warehouseVersion() == null ? "" : ", " + c.warehouseVersion())
                        + String.format(Locale.ROOT, ", %.2fs", c.elapsed().toNanos() / 1e9));
            } catch (RuntimeException e) { // whatever the driver throws, the check failed: say so, do not crash
                check(terminal, "connection", e, null);
                ok = false;
            }
        } catch (KilnException e) {
            check(terminal, e.code() == dev.kiln.ErrorCode.ADAPTER_UNAVAILABLE ? "adapter" : "project files", e, null);
            return fail(terminal);
        }
        terminal.println("");
        if (!ok) {
            return fail(terminal);
        }
        terminal.println(terminal.style().green("All checks passed!"));
        return 0;
    }

    private static int fail(Terminal terminal) {
        terminal.println(terminal.style().red("Some checks failed: fix the first [ERROR] above and run kiln debug again."));
        return 1;
    }

    /** One check's line: {@code   name [OK detail]} or {@code   name [ERROR]} and the problem, indented. */
    private static void check(Terminal terminal, String name, RuntimeException e, String detail) {
        if (e == null) {
            terminal.println("  " + name + " " + terminal.style().green("[OK " + detail + "]"));
            return;
        }
        terminal.println("  " + name + " " + terminal.style().red("[ERROR]"));
        String text = e instanceof KilnException k ? k.describe() : String.valueOf(e.getMessage());
        text.strip().lines().forEach(l -> terminal.println("    " + hideUrlCredentials(l)));
    }

    /** A setting's value as shown: {@code ****} for a secret, nested maps and lists likewise. */
    static String shown(String key, Object value) {
        if (value == null) {
            return "null";
        }
        if (SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT).replace('-', '_')).matches()) {
            return String.valueOf(value).isEmpty() ? "" : "****";
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + shown(String.valueOf(e.getKey()), e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> shown("", v)).collect(Collectors.joining(", ", "[", "]"));
        }
        return hideUrlCredentials(String.valueOf(value));
    }

    /** {@code jdbc:postgresql://user:pw@host/db} → {@code jdbc:postgresql://****@host/db}. */
    static String hideUrlCredentials(String text) {
        return URL_CREDENTIALS.matcher(text).replaceAll("$1****@");
    }
}
