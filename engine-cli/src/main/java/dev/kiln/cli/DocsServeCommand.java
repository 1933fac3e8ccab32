package dev.kiln.cli;

import dev.kiln.docs.DocsServer;
import dev.kiln.docs.DocsSite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;

/** {@code kiln docs serve}: serves {@code target/docs/} over HTTP until stopped. */
@Command(name = "serve", description = "Serve the generated docs site (target/docs) over HTTP until Ctrl-C.")
public final class DocsServeCommand extends KilnSubcommand {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Override
    protected int execute(Terminal terminal) {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, not " + port + ".");
        }
        Path site = ProjectTargetDir.resolve(options().projectDir(), options().targetPath()).resolve(DocsSite.FOLDER);
        try (DocsServer server = DocsServer.start(site, bind, port)) {
            terminal.println("Serving " + site + " on " + server.uri() + " (Ctrl-C stops).");
            terminal.out().flush();
            try {
                server.join();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }
}
