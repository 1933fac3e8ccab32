package dev.kiln.cli.daemon;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The daemon's listening socket, and how it stops listening without resetting a client: {@link #close}
 * first removes the socket file (a client arriving later finds none and starts another daemon),
 * then answers every connection already queued with {@link DaemonProtocol#SHUTTING_DOWN} (the
 * client retries once with a fresh daemon), then closes. Without that, a client that connected
 * while the daemon was ending (the 2 s after a cancelled command, an idle timeout, {@code kiln
 * daemon stop}) got "connection reset" and ran its command in its own process.
 * <p>
 * The channel is non-blocking behind a selector, so that {@link #close} can take the queued
 * connections from any thread, whether or not the daemon's main thread waits in {@link #accept}.
 */
final class DaemonListener {

    /** How long a refused client has to read the answer and hang up. */
    private static final long REFUSE_WAIT_MS = 1000;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Object socketKey;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DaemonListener(Path socket, ServerSocketChannel server, Selector selector, Object socketKey) {
        this.socket = socket;
        this.server = server;
        this.selector = selector;
        this.socketKey = socketKey;
    }

    /** Listens on {@code socket} (mode 0600), replacing a file a killed daemon left there. */
    static DaemonListener bind(Path socket) throws IOException {
        Files.deleteIfExists(socket); // a killed daemon's (clients start one daemon at a time, under a lock)
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        Object key = Files.readAttributes(socket, BasicFileAttributes.class).fileKey();
        server.configureBlocking(false);
        Selector selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        return new DaemonListener(socket, server, selector, key);
    }

    /**
     * The next connection (a blocking channel), waiting for one.
     *
     * @return the connection, or {@code null} once {@link #close closed}
     */
    SocketChannel accept() throws IOException {
        while (!closed.get()) {
            try {
                selector.select(1000);
                selector.selectedKeys().clear();
            } catch (java.nio.channels.ClosedSelectorException e) {
                return null;
            }
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (java.nio.channels.ClosedChannelException e) {
                return null;
            }
            if (ch != null) {
                ch.configureBlocking(true);
                return ch;
            }
        }
        return null;
    }

    /** Whether the socket file is still this daemon's (not removed, not replaced by another daemon's). */
    boolean ownsSocket() {
        try {
            return Objects.equals(socketKey, Files.readAttributes(socket, BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the socket file when it is still this daemon's. */
    void removeSocket() {
        try {
            if (ownsSocket()) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * Stops listening (once; later calls return at once): removes the socket file, answers the
     * connections already queued with {@link DaemonProtocol#SHUTTING_DOWN}, closes.
     *
     * @param why the reason the clients are told
     * @return how many queued clients were told
     */
    int close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return 0;
        }
        removeSocket();
        int told = 0;
        try {
            SocketChannel ch;
            while ((ch = server.accept()) != null) { // non-blocking: null when none is queued
                refuse(ch, why);
                told++;
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            selector.close();
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        return told;
    }

    /**
     * Answers a connection with {@link DaemonProtocol#SHUTTING_DOWN}, then waits (a moment at most)
     * for the client to hang up, so that its request is read and the answer is not lost to a reset.
     */
    static void refuse(SocketChannel ch, String why) {
        try (ch) {
            ch.configureBlocking(true);
            DataOutputStream out = new DataOutputStream(DaemonProtocol.output(ch));
            byte[] b = ("is shutting down (" + why + ")").getBytes(StandardCharsets.UTF_8);
            DaemonProtocol.frame(out, DaemonProtocol.SHUTTING_DOWN, b, 0, b.length);
            out.flush();
            ch.shutdownOutput();
            ch.configureBlocking(false);
            ByteBuffer sink = ByteBuffer.allocate(1 << 14);
            long deadline = System.nanoTime() + REFUSE_WAIT_MS * 1_000_000;
            while (System.nanoTime() < deadline) {
                sink.clear();
                int n = ch.read(sink);
                if (n < 0) {
                    return;
                }
                if (n == 0) {
                    Thread.sleep(5);
                }
            }
        } catch (IOException e) {
            // the client has gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
