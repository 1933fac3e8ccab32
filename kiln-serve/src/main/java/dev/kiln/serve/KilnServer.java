package dev.kiln.serve;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kiln serve}'s HTTP server: Jetty 12 (core API, no servlets) in front of an
 * {@link ApiHandler}. Stopping it (also on SIGTERM, through a shutdown hook) lets the requests
 * in flight finish first.
 */
public final class KilnServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KilnServer.class);
    /** How long a stop waits for requests in flight. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Server server;
    private final ServerConnector connector;
    private final List<String> warnings;

    private KilnServer(Server server, ServerConnector connector, List<String> warnings) {
        this.server = server;
        this.connector = connector;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Starts serving {@code app} on {@code bind}:{@code port} ({@code 0} picks a free port).
     *
     * @throws KilnException {@link ErrorCode#USAGE} when the port is in use or the address is not this machine's
     */
    public static KilnServer start(ServeApp app, String bind, int port) {
        List<String> warnings = warnings(app, bind);
        warnings.forEach(LOG::warn);
        QueuedThreadPool pool = new QueuedThreadPool(ServeApp.READ_CONNECTIONS + 8, 4);
        pool.setName("kiln-serve");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(new JettyAdapter(app.handler()));
        server.setHandler(graceful);
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            if (causedBy(e, BindException.class)) {
                throw new KilnException(ErrorCode.USAGE, "Cannot listen on " + bind + ":" + port + ": "
                        + (port == 0 ? "" : "the port is in use or ") + "the address is not this machine's ("
                        + rootMessage(e) + "). Pick another with --port, or stop what uses it.", e);
            }
            throw new KilnException(ErrorCode.IO, "Cannot start the HTTP server on " + bind + ":" + port + ": "
                    + rootMessage(e), e);
        }
        return new KilnServer(server, connector, warnings);
    }

    /** What is risky about serving {@code app} on {@code bind}: an open API beyond loopback. */
    static List<String> warnings(ServeApp app, String bind) {
        List<String> warnings = new ArrayList<>();
        if (!app.secured() && !loopback(bind)) {
            warnings.add("The API has no API keys (serve.auth.api_keys) and listens on " + bind
                    + ": anyone who can reach this machine can read it. Set api_keys, or serve on --bind 127.0.0.1.");
        }
        return warnings;
    }

    private static boolean loopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing
        }
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base address, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Warnings about the setup (an open API beyond loopback). */
    public List<String> warnings() {
        return warnings;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, lets requests in flight finish (up to {@link #STOP_TIMEOUT}), then stops. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server: {}", e.getMessage());
        }
    }

    /** Turns Jetty's request into an {@link ApiRequest} and the {@link ApiResponse} back. */
    private static final class JettyAdapter extends Handler.Abstract {
        private final ApiHandler api;

        JettyAdapter(ApiHandler api) {
            super(InvocationType.BLOCKING);
            this.api = api;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpField f : request.getHeaders()) {
                headers.merge(f.getLowerCaseName() == null ? f.getName().toLowerCase(Locale.ROOT) : f.getLowerCaseName(),
                        f.getValue(), (a, b) -> a + ", " + b);
            }
            HttpURI uri = request.getHttpURI();
            ApiResponse r = api.handle(ApiRequest.of(request.getMethod(), uri.getPath(), uri.getQuery(), headers,
                    Request.getRemoteAddr(request)));
            response.setStatus(r.status());
            r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            response.getHeaders().put("Content-Length", String.valueOf(r.body().length));
            response.write(true, ByteBuffer.wrap(r.body()), callback);
            return true;
        }
    }
}
