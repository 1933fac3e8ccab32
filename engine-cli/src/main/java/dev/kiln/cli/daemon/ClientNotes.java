package dev.kiln.cli.daemon;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The client's own lines on stderr (starting the daemon, running the command in this process
 * instead): text, or under {@code --log-format json} one JSON log event per line in the shape of
 * the engine's ({@code dev.kiln.cli.JsonLog}: {@code info.name}, {@code code}, {@code msg},
 * {@code level}, {@code invocation_id}, {@code pid}, {@code thread}, {@code ts}, {@code category};
 * {@code data}), named {@code Note}. JDK classes only (no Jackson in the client).
 */
final class ClientNotes {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final PrintStream err;
    private final boolean json;
    private String invocationId;

    ClientNotes(PrintStream err, boolean json) {
        this.err = err;
        this.json = json;
    }

    /** An informational line ({@code kiln: starting the compiler daemon …}). */
    void info(String line) {
        write("info", line);
    }

    /** A warning ({@code kiln: the compiler daemon … ; running the command in this process.}). */
    void warn(String line) {
        write("warn", line);
    }

    private void write(String level, String line) {
        err.println(json ? event(level, line) : line);
        err.flush();
    }

    /** One JSON log event. */
    String event(String level, String msg) {
        if (invocationId == null) {
            invocationId = UUID.randomUUID().toString();
        }
        return "{\"info\":{\"name\":\"Note\",\"code\":\"\",\"msg\":" + quote(msg) + ",\"level\":\"" + level
                + "\",\"invocation_id\":\"" + invocationId + "\",\"pid\":" + ProcessHandle.current().pid()
                + ",\"thread\":" + quote(Thread.currentThread().getName()) + ",\"ts\":\"" + TS.format(Instant.now())
                + "\",\"category\":\"\"},\"data\":{}}";
    }

    /** A JSON string. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
