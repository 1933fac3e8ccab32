package dev.kiln.cli;

import dev.kiln.Command;
import dev.kiln.Kiln;
import dev.kiln.KilnListener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or {@code SIGTERM}) during a run cancels it instead of killing it: a JVM shutdown hook,
 * installed by {@link #attach(Kiln)} for the duration of the run, calls {@link Kiln#cancel()}
 * and waits (at most a grace period) until the command has finished, so the warehouse rolls
 * back running statements and no half-built table remains. A second Ctrl-C ends the process at
 * once.
 * <p>
 * Cancelling before the run has reached the warehouse would be lost, so this is also a
 * listener: when the run starts after a cancellation was asked for, it cancels again.
 * {@link #close()} marks the command finished (after flushing its output) and removes the hook.
 */
final class RunCancellation implements KilnListener, AutoCloseable {

    private final Terminal terminal;
    private final Duration grace;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::cancelAndWait, "kiln-cancel");
    private volatile Kiln kiln;
    private volatile boolean requested;

    /**
     * @param terminal where to say that the run is being cancelled
     * @param grace    how long the hook waits for the run to end
     */
    RunCancellation(Terminal terminal, Duration grace) {
        this.terminal = terminal;
        this.grace = grace;
    }

    /** Installs the shutdown hook that cancels {@code running}. */
    void attach(Kiln running) {
        this.kiln = running;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a cancellation was asked for. */
    boolean requested() {
        return requested;
    }

    @Override
    public void runStarted(Command command, int total) {
        if (requested) {
            kiln.cancel();
        }
    }

    /** The shutdown hook: cancel, then wait for the command to wind down. */
    private void cancelAndWait() {
        requested = true;
        boolean force = ForceQuit.onNextInterrupt();
        terminal.err().println(terminal.style().yellow("Cancelling…" + (force ? " (press Ctrl-C again to force)" : "")));
        terminal.err().flush();
        Kiln k = kiln;
        if (k != null) {
            k.cancel();
        }
        try {
            if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                terminal.err().println(terminal.style().red("The run did not stop within " + grace.toSeconds()
                        + " s; exiting anyway."));
                terminal.err().flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command has finished: flush its output, release the hook, remove it if not shutting down. */
    @Override
    public void close() {
        terminal.out().flush();
        terminal.err().flush();
        finished.countDown();
        if (kiln != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running (or about to): it returns now that the command has finished
            }
        }
    }
}
