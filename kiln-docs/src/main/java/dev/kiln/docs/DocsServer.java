package dev.kiln.docs;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code kiln docs serve}: serves a generated site folder (read-only, static files, no directory
 * listings) over HTTP on this machine, for people who prefer a URL to a {@code file://} path.
 */
public final class DocsServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private DocsServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts serving {@code site} on {@code bind}:{@code port} ({@code 0} picks a free port).
     *
     * @throws KilnException {@link ErrorCode#USAGE} when the site was not generated or the port is in use
     */
    public static DocsServer start(Path site, String bind, int port) {
        if (!Files.isRegularFile(site.resolve("index.html"))) {
            throw new KilnException(ErrorCode.USAGE, "No docs site in " + site + ". Run kiln docs generate first.");
        }
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("kiln-docs");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(site.toAbsolutePath().normalize()));
        files.setDirAllowed(false);
        files.setWelcomeFiles("index.html");
        server.setHandler(files);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            Throwable c = e;
            while (c != null && !(c instanceof BindException)) {
                c = c.getCause();
            }
            if (c != null) {
                throw new KilnException(ErrorCode.USAGE, "Cannot listen on " + bind + ":" + port + " (" + c.getMessage()
                        + "). Pick another port with --port.", e);
            }
            throw new KilnException(ErrorCode.IO, "Could not start the docs server: " + e.getMessage(), e);
        }
        return new DocsServer(server, connector);
    }

    /** Where the site is served. */
    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new KilnException(ErrorCode.IO, "Could not stop the docs server: " + e.getMessage(), e);
        }
    }
}
