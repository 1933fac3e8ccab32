package dev.kiln.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire format between the {@code kiln} client and its compiler daemon, over a Unix domain
 * socket. JDK classes only: the client loads it.
 * <p>
 * The client sends one {@link Request}; then, at most, one {@link #CANCEL} byte (Ctrl-C). The
 * daemon answers with frames: a type byte, then {@link #OUT} or {@link #ERR} (length-prefixed
 * bytes of the command's stdout or stderr, in order), and last one of {@link #EXIT} (the exit
 * code), {@link #FALLBACK} (the daemon will not run this request: the client runs it itself) or
 * {@link #INFO} (the text of a {@code status} or {@code stop} request). A daemon that is ending
 * answers a request it will not run with {@link #SHUTTING_DOWN} alone ({@link DaemonListener}).
 */
final class DaemonProtocol {

    /** "KILN". */
    static final int MAGIC = 0x4b494c4e;
    /** Bump when the format changes. */
    static final int VERSION = 2;

    /** Request kinds. */
    static final String RUN = "run";
    static final String STATUS = "status";
    static final String STOP = "stop";

    /** Client to daemon, after the request: Ctrl-C. */
    static final int CANCEL = 'C';

    /** Daemon to client frame types. */
    static final int OUT = 1;
    static final int ERR = 2;
    static final int EXIT = 3;
    static final int FALLBACK = 4;
    static final int INFO = 5;
    /** The daemon is ending and will not run the request: the client retries once with a fresh daemon. */
    static final int SHUTTING_DOWN = 6;

    private DaemonProtocol() {
    }

    /**
     * One request.
     *
     * @param kind    {@link #RUN}, {@link #STATUS} or {@link #STOP}
     * @param buildId the client's {@link DaemonAddress#buildId()}: a daemon of another build refuses
     * @param cwd     the client's working directory, absolute
     * @param args    the command line
     * @param env     the client's whole environment
     * @param console whether the client's stdout is a terminal (for colour)
     */
    record Request(String kind, String buildId, String cwd, List<String> args, Map<String, String> env, boolean console) {

        void write(DataOutputStream out) throws IOException {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeString(out, kind);
            writeString(out, buildId);
            writeString(out, cwd);
            out.writeInt(args.size());
            for (String a : args) {
                writeString(out, a);
            }
            out.writeInt(env.size());
            for (Map.Entry<String, String> e : env.entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
            out.writeBoolean(console);
            out.flush();
        }

        static Request read(DataInputStream in) throws IOException {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a Kiln daemon request of this version");
            }
            String kind = readString(in);
            String buildId = readString(in);
            String cwd = readString(in);
            int n = count(in.readInt());
            List<String> args = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                args.add(readString(in));
            }
            int m = count(in.readInt());
            Map<String, String> env = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                env.put(readString(in), readString(in));
            }
            return new Request(kind, buildId, cwd, List.copyOf(args), env, in.readBoolean());
        }
    }

    private static int count(int n) throws IOException {
        if (n < 0 || n > 1 << 20) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64 << 20) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * The channel's input as a stream. Not {@code Channels.newInputStream}: its streams take the
     * channel's blocking lock, so a read waiting for Ctrl-C would block every write.
     */
    static java.io.InputStream input(java.nio.channels.SocketChannel ch) {
        return new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(java.nio.ByteBuffer.wrap(b, off, len));
            }
        };
    }

    /** The channel's output as a stream (see {@link #input}). */
    static java.io.OutputStream output(java.nio.channels.SocketChannel ch) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        };
    }

    /** Writes one frame of {@code type} with {@code payload}. */
    static void frame(DataOutputStream out, int type, byte[] payload, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(payload, off, len);
    }
}
