package dev.kiln.cli;

/**
 * Wraps an {@link Error} that a command should report as an internal error (a broken class
 * path, a misconfigured service, a stack overflow) rather than let escape.
 */
final class InternalFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InternalFailure(Throwable cause) {
        super(cause.toString(), cause);
    }
}
