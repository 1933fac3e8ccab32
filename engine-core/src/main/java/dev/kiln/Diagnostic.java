package dev.kiln;

/**
 * One problem found in a project: what is wrong, where, and what to do about it.
 *
 * @param severity whether the problem stops the command
 * @param code     a stable short code, e.g. {@code unknown-key}
 * @param message  what is wrong
 * @param position where, or {@code null} when the problem is not tied to a file
 * @param hint     what to do, or {@code null}
 */
public record Diagnostic(Severity severity, String code, String message, SourcePosition position, String hint) {

    /** How serious a diagnostic is. */
    public enum Severity { ERROR, WARNING }

    /** An error diagnostic. */
    public static Diagnostic error(String code, SourcePosition position, String message, String hint) {
        return new Diagnostic(Severity.ERROR, code, message, position, hint);
    }

    /** A warning diagnostic. */
    public static Diagnostic warning(String code, SourcePosition position, String message, String hint) {
        return new Diagnostic(Severity.WARNING, code, message, position, hint);
    }

    /** True for {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error: message (hint)} on one or two lines. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (position != null) {
            sb.append(position).append(": ");
        }
        sb.append(severity == Severity.ERROR ? "error" : "warning").append(": ").append(message);
        if (hint != null && !hint.isBlank()) {
            sb.append("\n  hint: ").append(hint);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
