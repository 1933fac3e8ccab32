package dev.datavision.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of DataVision's operational systems:
 * <pre>
 * java -cp … dev.datavision.ops.Main start   [--data DIR] [--clock DATE | --days-behind N] [--pg-port P] [--api-port P] [--env-file F]
 * java -cp … dev.datavision.ops.Main advance [--days N] [--env-file F]
 * java -cp … dev.datavision.ops.Main stop    [--env-file F]
 * </pre>
 * {@code start} runs in the foreground until {@code stop} or SIGTERM; once every system is up it
 * writes the env file (shell {@code KEY=value} lines, readable by its owner only) that the other
 * commands and {@code kiln load} read. Exit codes: 0 done, 1 failed, 2 invalid arguments.
 */
@Command(name = "datavision-ops", mixinStandardHelpOptions = true,
        description = "DataVision's operational systems: application database, marketing API, sessions log.",
        subcommands = {Main.Start.class, Main.Advance.class, Main.Stop.class})
public final class Main {

    /** Default env file, relative to the data directory. */
    static final String ENV_FILE = "ops/systems.env";

    /**
     * Entry point.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code. */
    public static int run(String... args) {
        // the embedded PostgreSQL logs every server line at INFO: keep warnings and errors only
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("datavision-ops: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    static void log(String message) {
        System.err.println("[datavision-ops] " + message);
    }

    /** Starts the systems and serves until stopped. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start the application database, the marketing API and the sessions log; stay up until stopped.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data",
                description = "DataVision data directory: raw/ (the simulated history), landing/, ops/ (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--clock", description = "Simulated day to start at, YYYY-MM-DD (default: as_of, the end of the history).")
        LocalDate clock;

        @Option(names = "--days-behind", description = "Start this many days before as_of (instead of --clock).")
        Integer daysBehind;

        @Option(names = "--pg-port", defaultValue = "" + SystemsConfig.DEFAULT_PG_PORT,
                description = "PostgreSQL port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE}).")
        int pgPort;

        @Option(names = "--api-port", defaultValue = "" + SystemsConfig.DEFAULT_API_PORT,
                description = "Marketing API port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE}).")
        int apiPort;

        @Option(names = "--env-file", description = "Where to write the connection settings (default: <data>/" + ENV_FILE + ").")
        Path envFile;

        @Override
        public Integer call() throws Exception {
            if (clock != null && daysBehind != null) {
                throw new IllegalArgumentException("give --clock or --days-behind, not both");
            }
            Path env = envFile != null ? envFile : data.resolve(ENV_FILE);
            Files.deleteIfExists(env);
            SystemsConfig config = SystemsConfig.under(data).withPorts(pgPort, apiPort).withClock(clock);
            if (daysBehind != null) {
                if (daysBehind < 0) {
                    throw new IllegalArgumentException("--days-behind must not be negative, got " + daysBehind);
                }
                LocalDate asOf = asOfOf(config.rawDir());
                config = config.withClock(asOf.minusDays(daysBehind));
            }
            OperationalSystems systems = OperationalSystems.start(config, Main::log);
            AtomicBoolean closed = new AtomicBoolean();
            Runnable shutdown = () -> {
                if (closed.compareAndSet(false, true)) {
                    try {
                        Files.deleteIfExists(env);
                        systems.close();
                        log("stopped");
                    } catch (IOException e) {
                        log("stopping failed: " + e.getMessage());
                    }
                }
            };
            Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "datavision-ops-shutdown"));
            writeEnv(env, systems.environment());
            log("ready at clock " + systems.clock() + " (history ends " + systems.asOf() + "); settings in " + env
                    + "; stop with `stop` or Ctrl-C");
            systems.awaitStop();
            shutdown.run();
            return 0;
        }

        private static LocalDate asOfOf(Path rawDir) throws IOException, java.sql.SQLException {
            try (History history = History.open(rawDir)) {
                return history.asOf();
            }
        }
    }

    /** Advances the running systems' clock. */
    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = "Move the running systems' clock forward by whole days (up to as_of).")
    static final class Advance implements Callable<Integer> {
        @Option(names = "--days", defaultValue = "1", description = "Days to advance (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--data", defaultValue = "data", description = "DataVision data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--env-file", description = "The running systems' settings (default: <data>/" + ENV_FILE + ").")
        Path envFile;

        @Override
        public Integer call() throws Exception {
            System.out.println(control(envFile != null ? envFile : data.resolve(ENV_FILE), "advance?days=" + days));
            return 0;
        }
    }

    /** Stops the running systems. */
    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the running systems.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "data", description = "DataVision data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--env-file", description = "The running systems' settings (default: <data>/" + ENV_FILE + ").")
        Path envFile;

        @Override
        public Integer call() throws Exception {
            control(envFile != null ? envFile : data.resolve(ENV_FILE), "stop");
            return 0;
        }
    }

    private static String control(Path envFile, String action) throws IOException, InterruptedException {
        if (!Files.isRegularFile(envFile)) {
            throw new IOException("the systems are not running (no " + envFile + "); start them with `start`");
        }
        Map<String, String> env = readEnv(envFile);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(env.get("DATAVISION_MARKETING_API") + "/_simulator/" + action))
                .header("Authorization", "Bearer " + env.get("DATAVISION_MARKETING_TOKEN"))
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(action + " failed (HTTP " + response.statusCode() + "): " + response.body());
        }
        return response.body();
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1);
                if (value.startsWith("'") && value.endsWith("'") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1).replace("'\\''", "'");
                }
                env.put(line.substring(0, eq).replaceFirst("^export ", ""), value);
            }
        }
        return env;
    }

    /** Writes {@code export KEY='value'} lines, owner-only, atomically. */
    static void writeEnv(Path file, Map<String, String> env) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder text = new StringBuilder("# DataVision's operational systems (written by dev.datavision.ops.Main start;"
                + " removed when they stop)\n");
        env.forEach((k, v) -> text.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
