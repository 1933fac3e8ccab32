package dev.kiln.cli;

/**
 * Makes a second Ctrl-C end the JVM at once. While shutdown hooks run, the JVM ignores further
 * interrupts; this installs a handler for {@code SIGINT} ({@link SigInt}). Where that is not
 * possible, a second Ctrl-C simply waits for the cancellation like the first.
 */
final class ForceQuit {

    /** The exit status of a process ended by {@code SIGINT}. */
    static final int STATUS = SigInt.STATUS;

    private ForceQuit() {
    }

    /**
     * Halts the JVM (without running further hooks) when the next {@code SIGINT} arrives.
     *
     * @return whether the handler could be installed
     */
    static boolean onNextInterrupt() {
        return SigInt.handle(() -> Runtime.getRuntime().halt(STATUS), "kiln force quit");
    }
}
