package dev.kiln.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;

/**
 * Under {@code --log-format json}, what a command writes as text: every line becomes one
 * {@link JsonLog} event (its name and level read from the line), written to {@code to}. Blank
 * lines are dropped.
 */
final class JsonLineWriter extends Writer {

    private final JsonLog log;
    private final PrintWriter to;
    private final String level;
    private final StringBuilder line = new StringBuilder();

    /**
     * @param log   the invocation's log
     * @param to    where events go
     * @param level the level of a line that does not say ({@code info} on stdout, {@code info} or {@code error} on stderr)
     */
    JsonLineWriter(JsonLog log, PrintWriter to, String level) {
        this.log = log;
        this.to = to;
        this.level = level;
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void emit() {
        String text = line.toString().replaceAll("\u001B\\[[0-9;]*m", "");
        line.setLength(0);
        if (!text.isBlank()) {
            String lvl = JsonLog.levelOf(text, level);
            String name = JsonLog.nameOf(text, lvl);
            log.event(to, name, lvl, text.stripTrailing(), "FoundStats".equals(name) // dbt's event carries its stat line
                    ? Map.of("stat_line", text.strip().substring("Found ".length())) : Map.of());
        }
    }

    @Override
    public synchronized void flush() {
        to.flush();
    }

    @Override
    public synchronized void close() {
        if (line.length() > 0) {
            emit();
        }
        to.flush();
    }
}
