package dev.kiln.cli;

import dev.kiln.Exposure;
import dev.kiln.Kiln;
import dev.kiln.serve.BuildWatcher;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.ReplicaVersion;
import dev.kiln.serve.ServeApp;
import dev.kiln.serve.ServeExposures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code kiln serve}: publishes the selected serve exposures as a read-only HTTP API until it is
 * stopped (Ctrl-C or SIGTERM, which let requests in flight finish). The served models are
 * copied into the server's own in-memory database, so {@code kiln build} can run meanwhile;
 * each finished build is picked up within a few seconds.
 */
@Command(name = "serve",
        description = "Serve the selected serve exposures (-s exposure:NAME; default: all) as a read-only HTTP API.")
public final class ServeCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String bind;

    @Option(names = "--access-log", paramLabel = "WHERE", defaultValue = "stdout",
            description = "Where the JSON line of each request goes: stdout, stderr or off (default: ${DEFAULT-VALUE}).")
    String accessLog;

    @Override
    protected int execute(Terminal terminal) throws Exception {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, not " + port + ".");
        }
        PrintWriter log = switch (accessLog) {
            case "stdout" -> terminal.out();
            case "stderr" -> terminal.err();
            case "off" -> null;
            default -> throw new ParameterException(spec.commandLine(), "--access-log is stdout, stderr or off, not '"
                    + accessLog + "'.");
        };
        try (Kiln kiln = load(terminal)) {
            List<Exposure> exposures = ServeExposures.select(kiln, selection.select);
            terminal.progress("Copying the served models of " + String.join(", ",
                    exposures.stream().map(Exposure::name).toList()) + " …");
            try (ServeApp app = ServeApp.open(kiln, exposures);
                 KilnServer server = KilnServer.start(app, bind, port);
                 BuildWatcher watcher = new BuildWatcher(app, kiln.targetDir().resolve("run_results.json"),
                         Duration.ofSeconds(1), v -> terminal.note("Serving data version " + v.number()
                         + " (copied in " + seconds(v) + ")")).start()) {
                server.warnings().forEach(terminal::note);
                ReplicaVersion v = app.replica().current();
                long rows = v.tables().values().stream().mapToLong(t -> t.rows()).sum();
                terminal.println("Serving " + String.join(", ", exposures.stream().map(Exposure::name).toList())
                        + " on " + server.uri() + " (" + NodeCounts.plural((int) Math.min(rows, Integer.MAX_VALUE), "row")
                        + " copied in " + seconds(v) + "):");
                app.describeEndpoints().forEach(line -> terminal.println("  " + line));
                terminal.println("  GET /health, /openapi.json, /docs (Swagger UI)");
                terminal.println("A finished kiln build is served within seconds. Ctrl-C stops.");
                terminal.out().flush();
                if (log != null) {
                    app.handler().accessLog(line -> {
                        synchronized (log) {
                            log.println(line);
                            log.flush();
                        }
                    });
                }
                try {
                    server.join();
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return 0;
    }

    private static String seconds(ReplicaVersion v) {
        return String.format(java.util.Locale.ROOT, "%.1f s", v.loadTime().toMillis() / 1000.0);
    }
}
