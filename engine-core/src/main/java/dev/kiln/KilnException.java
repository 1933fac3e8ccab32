package dev.kiln;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one unchecked exception Kiln throws. It carries an {@link ErrorCode} (which maps to
 * an exit code) and, for project problems, every {@link Diagnostic} found.
 */
public class KilnException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<Diagnostic> diagnostics;

    /** An exception with a message and no diagnostics. */
    public KilnException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    /** An exception with a message and a cause. */
    public KilnException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    /** An exception that reports a list of diagnostics. */
    public KilnException(ErrorCode code, String message, List<Diagnostic> diagnostics) {
        this(code, message, diagnostics, null);
    }

    private KilnException(ErrorCode code, String message, List<Diagnostic> diagnostics, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Raises {@link ErrorCode#PROJECT_INVALID} if any diagnostic is an error. */
    public static void throwIfErrors(List<Diagnostic> diagnostics) {
        List<Diagnostic> errors = diagnostics.stream().filter(Diagnostic::isError).toList();
        if (!errors.isEmpty()) {
            String what = errors.size() == 1 ? "1 error" : errors.size() + " errors";
            throw new KilnException(ErrorCode.PROJECT_INVALID, "The project has " + what + ".", diagnostics);
        }
    }

    /** What kind of failure this is. */
    public ErrorCode code() {
        return code;
    }

    /** The diagnostics behind this failure (may be empty). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The message followed by every diagnostic, one per paragraph. */
    public String describe() {
        if (diagnostics.isEmpty()) {
            return getMessage();
        }
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"))
                + "\n" + getMessage();
    }
}
