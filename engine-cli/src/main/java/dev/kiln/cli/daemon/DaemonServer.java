package dev.kiln.cli.daemon;

import dev.kiln.Kiln;
import dev.kiln.cli.Invocation;
import dev.kiln.cli.KilnCli;
import dev.kiln.cli.Style;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compiler daemon of one project: a long-lived JVM that runs {@code compile}, {@code parse}
 * and {@code ls} command lines sent by {@link DaemonClient}, one at a time, each exactly as a
 * {@code kiln} process would in the client's working directory and environment ({@link Invocation}),
 * streaming its stdout and stderr back. What it keeps between requests is the warm JVM (loaded
 * classes, compiled code, Calcite's parser) and the partial-parse state of the project, which every
 * compile validates again against the files, vars, environment and target exactly as a cold
 * {@code kiln compile} does with {@code target/partial_parse.bin}; every request writes the same
 * artifacts a cold command would.
 * <p>
 * It stops after an idle timeout, on {@code kiln daemon stop}, when Kiln's class path changes (a
 * rebuild) or its socket is removed, and when Ctrl-C cancels a command that does not finish within
 * a grace period (as a cold command would be ended). It ignores {@code SIGINT} and {@code SIGHUP}
 * (it runs in its own session).
 */
public final class DaemonServer {

    private static final Duration CANCEL_GRACE = Duration.ofSeconds(2);

    private final Path socket;
    private final Path project;
    private final String buildId;
    private final Duration idleTimeout;
    /** How long after a request the daemon compacts its heap, when no other request came. */
    private static final Duration COMPACT_AFTER_IDLE = Duration.ofSeconds(3);
    private final Instant started = Instant.now();
    private final PrintStream log;
    private final Object lock = new Object();
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean busy;
    private volatile long requests;
    /** The requests count when the heap was last compacted (see {@link #watch}). */
    private long compactedAfter;
    /** Set (under {@link #lock}) when the daemon begins to stop: no request starts after it. */
    private boolean stopping;
    private DaemonListener listener;

    private DaemonServer(Path socket, Path project, String buildId, Duration idleTimeout) {
        this.socket = socket;
        this.project = project;
        this.buildId = buildId;
        this.idleTimeout = idleTimeout;
        this.log = System.out;
    }

    /**
     * The daemon's entry point ({@code Main} with {@link DaemonClient#SERVE} first).
     *
     * @param args {@code SERVE socket project buildId idleSeconds}
     */
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: " + DaemonClient.SERVE + " SOCKET PROJECT BUILD_ID IDLE_SECONDS");
            System.exit(2);
        }
        DaemonServer d = new DaemonServer(Path.of(args[1]), Path.of(args[2]), args[3],
                Duration.ofSeconds(Long.parseLong(args[4])));
        try {
            d.serve();
        } catch (Throwable t) {
            d.log("stopped: " + t);
            t.printStackTrace(d.log);
            if (d.listener != null) {
                d.listener.close("it failed: " + t);
            }
            System.exit(1);
        }
    }

    private void log(String line) {
        log.println(Instant.now() + " [" + ProcessHandle.current().pid() + "] " + line);
        log.flush();
    }

    private void serve() throws IOException {
        ignoreSignal("INT");
        ignoreSignal("HUP");
        DaemonAddress.secure(socket.getParent());
        listener = DaemonListener.bind(socket);
        // SIGTERM (a logout, kill): clients already queued are told, as on any other way to stop
        Runtime.getRuntime().addShutdownHook(new Thread(() -> listener.close("terminated"), "kiln-daemon-exit"));
        log("listening on " + socket + " for " + project + " (kiln " + Kiln.VERSION + ", java " + Runtime.version()
                + ", idle timeout " + idleTimeout.toSeconds() + " s)");
        Thread watchdog = new Thread(this::watch, "kiln-daemon-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        while (true) {
            SocketChannel ch = listener.accept();
            if (ch == null) { // stopping: the thread that closed the listener calls System.exit when done
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (lock) {
                busy = !stopping; // from here the watchdog does not stop an idle daemon
            }
            if (!busy) {
                DaemonListener.refuse(ch, "stopping");
                continue;
            }
            try (ch) {
                handle(ch);
            } catch (IOException | RuntimeException e) {
                log("request failed: " + e);
            } finally {
                busy = false;
                lastActivity = System.nanoTime();
            }
        }
    }

    /** Stops the daemon when idle too long, rebuilt, or its socket is gone. */
    private void watch() {
        while (true) {
            try {
                Thread.sleep(Math.min(1000, Math.max(100, idleTimeout.toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            if (busy) {
                continue;
            }
            if (System.nanoTime() - lastActivity > idleTimeout.toNanos()) {
                shutdownIdle("idle for " + idleTimeout.toSeconds() + " s");
            } else if (!buildId.equals(DaemonAddress.currentBuildId())) {
                shutdownIdle("Kiln's class path or Java changed (a rebuild)");
            } else if (!listener.ownsSocket()) {
                shutdownIdle("its socket " + socket + " was removed");
            } else if (compactedAfter != requests && System.nanoTime() - lastActivity > COMPACT_AFTER_IDLE.toNanos()) {
                // idle a while after a request: a full collection gives the garbage of its compile
                // back (with MaxHeapFreeRatio), so an idle daemon holds its live set, not its peak
                compactedAfter = requests;
                System.gc();
            }
        }
    }

    /** Stops, unless a request has just been accepted (checked under the lock the accepting thread takes). */
    private void shutdownIdle(String why) {
        synchronized (lock) {
            if (busy) {
                return;
            }
            stopping = true;
        }
        shutdown(why, 0);
    }

    /** Stops: no request starts from here; queued clients are told to retry ({@link DaemonListener#close}). */
    private void shutdown(String why, int status) {
        synchronized (lock) {
            stopping = true;
        }
        log("stopping: " + why);
        int told = listener.close(why);
        if (told > 0) {
            log("told " + told + " waiting client(s) to start another daemon");
        }
        System.exit(status);
    }

    private void handle(SocketChannel ch) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(DaemonProtocol.input(ch), 1 << 16));
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(DaemonProtocol.output(ch), 1 << 16));
        DaemonProtocol.Request r = DaemonProtocol.Request.read(in);
        busy = true;
        lastActivity = System.nanoTime();
        switch (r.kind()) {
            case DaemonProtocol.STATUS -> reply(out, DaemonProtocol.INFO, status().getBytes(StandardCharsets.UTF_8));
            case DaemonProtocol.STOP -> {
                reply(out, DaemonProtocol.INFO, ("Stopped the compiler daemon of " + project + " (pid "
                        + ProcessHandle.current().pid() + ").").getBytes(StandardCharsets.UTF_8));
                shutdown("kiln daemon stop", 0);
            }
            case DaemonProtocol.RUN -> run(r, in, out);
            default -> reply(out, DaemonProtocol.FALLBACK, ("does not know request " + r.kind()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(DataOutputStream out, int type, byte[] payload) throws IOException {
        DaemonProtocol.frame(out, type, payload, 0, payload.length);
        out.flush();
    }

    private String status() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "Compiler daemon of %s%n  pid %d, kiln %s, java %s%n  up %ds, %d request(s), "
                        + "idle timeout %ds%n  socket %s%n  heap %d MB used of %d MB, RSS %s (peak %s)",
                project, ProcessHandle.current().pid(), Kiln.VERSION, Runtime.version(),
                Duration.between(started, Instant.now()).toSeconds(), requests, idleTimeout.toSeconds(), socket,
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20, procStatus("VmRSS:"), procStatus("VmHWM:"));
    }

    /** A memory line of {@code /proc/self/status} ({@code VmRSS:} now, {@code VmHWM:} its peak) in MB. */
    private static String procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb >> 10) + " MB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    /** Runs one command line as the client's process would. */
    private void run(DaemonProtocol.Request r, DataInputStream in, DataOutputStream out) throws IOException {
        if (!r.buildId().equals(buildId) || !buildId.equals(DaemonAddress.currentBuildId())) {
            reply(out, DaemonProtocol.FALLBACK, "belongs to another build of Kiln".getBytes(StandardCharsets.UTF_8));
            shutdown("a client of another build of Kiln called", 0);
            return;
        }
        requests++;
        long t0 = System.nanoTime();
        String command = DaemonPolicy.command(r.args().toArray(String[]::new)); // never the arguments: --vars may hold secrets
        log("request " + requests + " started: " + command);
        Thread worker = Thread.currentThread();
        Request request = new Request(out);
        Thread cancel = new Thread(() -> request.watchCancel(in, worker), "kiln-daemon-cancel");
        cancel.setDaemon(true);
        cancel.start();
        PrintStream stdout = new PrintStream(new Frames(request, DaemonProtocol.OUT), false, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(new Frames(request, DaemonProtocol.ERR), true, StandardCharsets.UTF_8);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        int code;
        Throwable failure = null;
        System.setOut(stdout);
        System.setErr(stderr);
        try {
            String noColor = r.env().get("NO_COLOR");
            Style style = new Style(r.console() && (noColor == null || noColor.isEmpty()));
            String[] args = withLogFormat(r.args(), r.env());
            code = Invocation.run(Path.of(r.cwd()), r.env(), () -> KilnCli.run(style, args));
        } catch (Throwable t) {
            code = -1;
            failure = t;
        } finally {
            stdout.flush();
            stderr.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
            synchronized (lock) {
                request.finished = true; // from here on, no cancellation interrupts this thread
            }
        }
        Thread.interrupted(); // a cancellation's interrupt was for the command only
        log("request " + requests + " (" + command + "): "
                + (failure == null ? "exit " + code : "failed, " + failure) + " in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        synchronized (lock) {
            if (failure != null) {
                request.send(DaemonProtocol.FALLBACK, ("failed internally (" + failure + ")").getBytes(StandardCharsets.UTF_8));
            } else {
                request.send(DaemonProtocol.EXIT, ByteBuffer.allocate(4).putInt(code).array());
            }
        }
        if (failure instanceof Error) {
            failure.printStackTrace(log);
            shutdown("an internal error: " + failure, 1);
        }
    }

    /**
     * {@code --log-format} as the client's environment sets it ({@code $KILN_LOG_FORMAT}), unless
     * the command line gives it: picocli would otherwise read the daemon's environment.
     */
    static String[] withLogFormat(List<String> args, Map<String, String> env) {
        for (String a : args) {
            if (a.equals("--log-format") || a.startsWith("--log-format=")) {
                return args.toArray(String[]::new);
            }
        }
        String f = env.get("KILN_LOG_FORMAT");
        List<String> out = new ArrayList<>();
        out.add("--log-format=" + (f == null || f.isEmpty() ? "text" : f));
        out.addAll(args);
        return out.toArray(String[]::new);
    }

    /** One request's connection: frames out, Ctrl-C in. */
    private final class Request {
        private final DataOutputStream out;
        private volatile boolean broken;
        private volatile boolean finished;

        Request(DataOutputStream out) {
            this.out = out;
        }

        void send(int type, byte[] b) {
            send(type, b, 0, b.length);
        }

        synchronized void send(int type, byte[] b, int off, int len) {
            if (broken) {
                return;
            }
            try {
                DaemonProtocol.frame(out, type, b, off, len);
                out.flush();
            } catch (IOException e) {
                broken = true; // the client is gone: the command finishes, its output is dropped
            }
        }

        /** Waits for Ctrl-C (or the client going away): cancels the command as a cold process would end. */
        void watchCancel(DataInputStream in, Thread worker) {
            try {
                int b = in.read();
                if (finished || (b != DaemonProtocol.CANCEL && b != -1)) {
                    return;
                }
            } catch (IOException e) {
                if (finished) {
                    return;
                }
            }
            synchronized (lock) {
                if (finished) {
                    return;
                }
                log("cancelled by the client");
                worker.interrupt();
            }
            long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
            while (System.nanoTime() < deadline) {
                if (finished) {
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            synchronized (lock) {
                if (finished) {
                    return;
                }
                send(DaemonProtocol.EXIT, ByteBuffer.allocate(4).putInt(130).array());
                shutdown("a cancelled command did not stop within " + CANCEL_GRACE.toSeconds() + " s", 130);
            }
        }
    }

    /** A command's stdout or stderr, sent as frames. */
    private static final class Frames extends OutputStream {
        private final Request request;
        private final int type;

        Frames(Request request, int type) {
            this.request = request;
            this.type = type;
        }

        @Override
        public void write(int b) {
            request.send(type, new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > 0) {
                request.send(type, b, off, len);
            }
        }
    }

    private static void ignoreSignal(String name) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object ignore = handlerType.getField("SIG_IGN").get(null);
            signalType.getMethod("handle", signalType, handlerType)
                    .invoke(null, signalType.getConstructor(String.class).newInstance(name), ignore);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the daemon runs in its own session anyway
        }
    }
}
