package dev.kiln.cli.daemon;

import dev.kiln.cli.SigInt;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code kiln} client of the compiler daemon: when {@link DaemonPolicy} says so ({@code --daemon},
 * {@code KILN_DAEMON=1}, or by default at a terminal outside CI), it sends a {@code compile}, {@code parse} or
 * {@code ls} command line, the working directory and the whole environment to the project's
 * daemon (starting it, detached, on first use), writes what the daemon streams back to its own
 * stdout and stderr, forwards Ctrl-C, and exits with the command's exit code.
 * <p>
 * Transparent: when the daemon cannot be reached or started, refuses the request, or fails
 * before answering, the client says so once on stderr and the command runs in this process
 * instead. A daemon that answers it is {@linkplain DaemonProtocol#SHUTTING_DOWN ending} is
 * replaced once by a fresh one. JDK classes only, so that this path loads neither Calcite, DuckDB nor FreeMarker.
 */
public final class DaemonClient {

    /** {@link #run} did not run the command: run it in this process. */
    public static final int NOT_HANDLED = -1;

    /** The first argument of the hidden command line that makes a process the daemon. */
    public static final String SERVE = "__kiln-daemon";

    /** How long a client waits for a daemon it started to listen, unless KILN_DAEMON_START_TIMEOUT (seconds). */
    private static final long START_TIMEOUT_MS = 30_000;

    private final Map<String, String> env;
    private final ClientNotes notes;

    private DaemonClient(Map<String, String> env, ClientNotes notes) {
        this.env = env;
        this.notes = notes;
    }

    /**
     * Runs {@code args} in the project's daemon when that is asked for and possible.
     *
     * @param args the command line
     * @return the exit code, or {@link #NOT_HANDLED} to run the command in this process
     */
    public static int run(String[] args) {
        Map<String, String> env = System.getenv();
        if (!DaemonPolicy.wanted(args, env, DaemonPolicy::interactive)) {
            return NOT_HANDLED;
        }
        Path project = DaemonPolicy.projectDir(args);
        if (project == null || !Files.isRegularFile(project.resolve("kiln.yml"))) {
            return NOT_HANDLED; // not a project: the command itself says so, and no daemon is left behind
        }
        namedSelectorProvider();
        return new DaemonClient(env, new ClientNotes(System.err, DaemonPolicy.jsonLog(args, env))).send(project, args);
    }

    /** The system property that names the selector provider, read once when the first socket opens. */
    static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";

    /**
     * Names the JDK's own selector provider on Linux ({@code sun.nio.ch.EPollSelectorProvider}) unless one is
     * named already. Unnamed, opening the first socket looks for another provider in every jar on the class path
     * (kiln.jar's manifest lists over a hundred): 0.1 s of a request's 0.4 s in the client. Elsewhere (no such
     * class) the JDK looks as usual.
     */
    static void namedSelectorProvider() {
        if (System.getProperty(SELECTOR_PROVIDER) != null) {
            return;
        }
        String linux = "sun.nio.ch.EPollSelectorProvider";
        try {
            Class.forName(linux, false, null);
            System.setProperty(SELECTOR_PROVIDER, linux);
        } catch (ClassNotFoundException | LinkageError e) {
            // not Linux's JDK: the provider is looked up as usual
        }
    }

    /**
     * Asks the daemon of {@code project} for its status, or to stop ({@code kiln daemon status|stop}).
     *
     * @param project the project directory
     * @param stop    stop it (else: its status)
     * @return the daemon's answer, or {@code null} when no daemon of this build runs for the project
     * @throws IOException when the project directory does not exist, or the daemon does not answer
     */
    public static String control(Path project, boolean stop) throws IOException {
        Map<String, String> env = System.getenv();
        DaemonAddress address = DaemonAddress.of(project, env);
        SocketChannel ch = connect(address.socket());
        if (ch == null) {
            return null;
        }
        try (ch) {
            DataOutputStream out = new DataOutputStream(DaemonProtocol.output(ch));
            new DaemonProtocol.Request(stop ? DaemonProtocol.STOP : DaemonProtocol.STATUS, address.buildId(),
                    Path.of("").toAbsolutePath().toString(), List.of(), Map.of(), false).write(out);
            DataInputStream in = new DataInputStream(DaemonProtocol.input(ch));
            int type = in.readUnsignedByte();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            if (type == DaemonProtocol.SHUTTING_DOWN) {
                return null; // ending already: nothing runs
            }
            if (type != DaemonProtocol.INFO) {
                throw new IOException("unexpected answer " + type);
            }
            if (stop) { // wait until it has gone (bounded)
                long deadline = System.currentTimeMillis() + 5000;
                while (Files.exists(address.socket()) && System.currentTimeMillis() < deadline) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            return new String(payload, StandardCharsets.UTF_8);
        } catch (EOFException e) {
            throw new IOException("the daemon at " + address.socket() + " closed the connection without answering");
        }
    }

    /** Sends the request, starting the daemon when none listens; falls back to this process on any failure. */
    private int send(Path project, String[] args) {
        DaemonAddress address;
        try {
            address = DaemonAddress.of(project, env);
        } catch (IOException e) {
            return NOT_HANDLED; // no such project directory: the command itself says so
        }
        for (int attempt = 1; ; attempt++) {
            SocketChannel channel;
            try {
                DaemonAddress.secure(address.dir());
                channel = connectOrStart(address);
            } catch (IOException | RuntimeException e) {
                return fallback("cannot be started (" + e.getMessage() + ")");
            }
            try (channel) {
                return exchange(channel, address, args);
            } catch (ShuttingDown s) {
                if (attempt > 1) { // once: the daemon it reached removed its socket first, so this starts a fresh one
                    return fallback(s.getMessage());
                }
            } catch (Fallback f) {
                return fallback(f.getMessage());
            } catch (IOException | RuntimeException e) {
                return fallback("failed before answering (" + e + "; see " + address.log() + ")");
            }
        }
    }

    private int fallback(String why) {
        notes.warn("kiln: the compiler daemon " + why + "; running the command in this process.");
        return NOT_HANDLED;
    }

    /** The daemon refused or failed: run in this process. */
    static final class Fallback extends IOException {
        private static final long serialVersionUID = 1L;

        Fallback(String message) {
            super(message);
        }
    }

    /** The daemon reached is ending and did not run the request: retry once with a fresh one. */
    static final class ShuttingDown extends IOException {
        private static final long serialVersionUID = 1L;

        ShuttingDown(String message) {
            super(message);
        }
    }

    private int exchange(SocketChannel channel, DaemonAddress address, String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(DaemonProtocol.output(channel), 1 << 14));
        new DaemonProtocol.Request(DaemonProtocol.RUN, address.buildId(), Path.of("").toAbsolutePath().toString(),
                Arrays.asList(args), env, System.console() != null).write(out);
        Interrupts interrupts = Interrupts.forward(out);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(DaemonProtocol.input(channel), 1 << 16));
        boolean wrote = false;
        OutputStream stdout = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        OutputStream stderr = new java.io.FileOutputStream(java.io.FileDescriptor.err);
        try {
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException e) {
                    if (interrupts.sent()) {
                        return SigInt.STATUS;
                    }
                    throw new Fallback("stopped before answering" + (wrote ? " (its output so far is above)" : "")
                            + "; see " + address.log());
                }
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                switch (type) {
                    case DaemonProtocol.OUT -> {
                        stdout.write(payload);
                        wrote = true;
                    }
                    case DaemonProtocol.ERR -> {
                        stderr.write(payload);
                        wrote = true;
                    }
                    case DaemonProtocol.EXIT -> {
                        return interrupts.sent() ? SigInt.STATUS : ByteBuffer.wrap(payload).getInt();
                    }
                    case DaemonProtocol.FALLBACK -> throw new Fallback(new String(payload, StandardCharsets.UTF_8));
                    case DaemonProtocol.SHUTTING_DOWN -> throw new ShuttingDown(new String(payload, StandardCharsets.UTF_8));
                    default -> throw new IOException("unexpected frame " + type);
                }
            }
        } finally {
            interrupts.close();
        }
    }

    /**
     * Connects to the daemon at {@code address}; when none listens, starts one (one client at a
     * time, under a lock file) and waits for its socket.
     */
    private SocketChannel connectOrStart(DaemonAddress address) throws IOException {
        SocketChannel ch = connect(address.socket());
        if (ch != null) {
            return ch;
        }
        Path lock = address.dir().resolve(address.name() + ".lock");
        try (FileChannel lockFile = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lockFile.lock()) {
            ch = connect(address.socket()); // another client may have started it meanwhile
            if (ch != null) {
                return ch;
            }
            Process daemon = start(address);
            long deadline = System.currentTimeMillis() + startTimeout();
            while (System.currentTimeMillis() < deadline) {
                ch = connect(address.socket());
                if (ch != null) {
                    return ch;
                }
                if (!daemon.isAlive()) {
                    throw new IOException("it exited with status " + daemon.exitValue() + "; see " + address.log());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for it");
                }
            }
            throw new IOException("it did not listen within " + startTimeout() / 1000 + " s; see " + address.log());
        }
    }

    private long startTimeout() {
        try {
            String v = env.get("KILN_DAEMON_START_TIMEOUT");
            return v == null ? START_TIMEOUT_MS : Math.max(1, Long.parseLong(v.trim())) * 1000;
        } catch (NumberFormatException e) {
            return START_TIMEOUT_MS;
        }
    }

    /** A connection to the socket, or {@code null} when nobody listens there. */
    static SocketChannel connect(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return null;
        }
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (java.net.ConnectException | java.nio.file.NoSuchFileException e) {
            ch.close();
            return null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Starts the daemon, detached (its own session, stdin from /dev/null, output to its log). */
    private Process start(DaemonAddress address) throws IOException {
        List<String> cmd = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xms256m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:cds=off:stderr", "-Xlog:cds+dynamic=off:stderr"));
        Path jsa = launcherArchive();
        if (jsa != null) {
            cmd.add("-XX:SharedArchiveFile=" + jsa);
            cmd.add("-Xshare:auto");
        }
        new TreeMap<>(System.getProperties()).forEach((k, v) -> {
            if (String.valueOf(k).startsWith("kiln.")) { // the partial-parse fingerprint reads them
                cmd.add("-D" + k + "=" + v);
            }
        });
        String opts = env.get("KILN_DAEMON_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            cmd.addAll(Arrays.asList(opts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.kiln.cli.Main", SERVE,
                address.socket().toString(), address.project().toString(), address.buildId(),
                Long.toString(DaemonSettings.idleTimeout(env).toSeconds())));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(address.project().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(address.log().toFile()))
                .redirectErrorStream(true);
        pb.environment().remove("KILN_DAEMON"); // the daemon's own environment is never a request's
        notes.info("kiln: starting the compiler daemon for " + address.project() + " (once; kiln daemon stop ends it).");
        return pb.start();
    }

    /**
     * The launcher's AppCDS archive of this JVM ({@code kiln-<java>.jsa} next to kiln.jar), when it
     * is there and newer than the jar: the daemon starts faster with it.
     */
    private static Path launcherArchive() {
        try {
            String cp = System.getProperty("java.class.path", "");
            if (cp.contains(File.pathSeparator) || !cp.endsWith(".jar")) {
                return null;
            }
            Path jar = Path.of(cp).toAbsolutePath();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
            Path jsa = jar.resolveSibling("kiln-" + java.replaceAll("[^A-Za-z0-9.-]", "_") + ".jsa");
            return Files.isRegularFile(jsa)
                    && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar)) >= 0 ? jsa : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Forwards Ctrl-C to the daemon as {@link DaemonProtocol#CANCEL}; a second Ctrl-C ends the
     * client at once. Installed through {@code sun.misc.Signal} by reflection (as
     * {@code ForceQuit}); where that is missing, Ctrl-C ends the client, and the daemon, seeing
     * the connection close, cancels the command.
     */
    static final class Interrupts implements AutoCloseable {
        private final DataOutputStream out;
        private volatile boolean sent;

        private Interrupts(DataOutputStream out) {
            this.out = out;
        }

        static Interrupts forward(DataOutputStream out) {
            Interrupts i = new Interrupts(out);
            i.install();
            return i;
        }

        boolean sent() {
            return sent;
        }

        private void onInterrupt() {
            if (sent) {
                Runtime.getRuntime().halt(SigInt.STATUS);
            }
            sent = true;
            try {
                synchronized (out) {
                    out.writeByte(DaemonProtocol.CANCEL);
                    out.flush();
                }
            } catch (IOException e) {
                Runtime.getRuntime().halt(SigInt.STATUS);
            }
        }

        /**
         * Installs the handler on a thread of its own, while the daemon works (reflection and a proxy class: some
         * 10 ms of a client starting cold). Until it is in place, and where it cannot be installed, Ctrl-C ends the
         * client; the daemon sees the connection close and cancels.
         */
        private void install() {
            Thread t = new Thread(() -> SigInt.handle(this::onInterrupt, "kiln daemon client interrupt"),
                    "kiln-client-interrupts");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            // the process exits right after; the default handler need not come back
        }
    }
}
