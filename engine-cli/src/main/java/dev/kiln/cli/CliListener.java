package dev.kiln.cli;

import dev.kiln.Diagnostic;
import dev.kiln.KilnListener;

import java.time.Duration;
import java.util.List;

/**
 * Shows Kiln's progress on the terminal: warnings always, stage timings with
 * {@code --debug}.
 */
final class CliListener implements KilnListener {

    private final Terminal terminal;
    private final boolean debug;

    CliListener(Terminal terminal, boolean debug) {
        this.terminal = terminal;
        this.debug = debug;
    }

    @Override
    public void warnings(List<Diagnostic> warnings) {
        synchronized (terminal) {
            warnings.forEach(terminal::diagnostic);
        }
    }

    @Override
    public void stageFinished(String stage, Duration elapsed) {
        if (debug) {
            synchronized (terminal) {
                terminal.note("debug: " + stage + " took " + elapsed.toMillis() + " ms");
            }
        }
    }
}
