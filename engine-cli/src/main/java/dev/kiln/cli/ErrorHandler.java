package dev.kiln.cli;

import dev.kiln.KilnException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * The one place that maps failures to exit codes. Usage errors never get here: picocli
 * reports them with the usage text and exit code 2.
 * <ul>
 *   <li>{@link KilnException}: every diagnostic ({@code file:line:col: error: …} and hint),
 *       then the message; exit {@link dev.kiln.ErrorCode#exitCode()} (2 invalid project or
 *       usage, 1 a model or test failed).</li>
 *   <li>anything else is a bug in Kiln: {@code internal error: …}, the stack trace only with
 *       {@code --debug}; exit 1 (something failed; it is not known that nothing ran).</li>
 * </ul>
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    /** Exit code of an unexpected exception. */
    static final int INTERNAL_ERROR = 1;

    private final KilnCommand root;

    ErrorHandler(KilnCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        boolean json = root.jsonLogs();
        PrintWriter err = json ? new PrintWriter(new JsonLineWriter(root.jsonLog(), commandLine.getErr(), "error"))
                : commandLine.getErr();
        boolean debug = root.options() != null && root.options().debug();
        Style style = json ? Style.PLAIN : root.style();
        if (ex instanceof KilnException k) {
            err.println(style.diagnostics(k.describe()));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return k.code().exitCode();
        }
        Throwable cause = ex instanceof InternalFailure && ex.getCause() != null ? ex.getCause() : ex;
        err.println(style.red("internal error:") + " " + cause);
        if (debug) {
            ex.printStackTrace(err);
        } else {
            err.println("Run again with --debug for the stack trace, and please report it.");
        }
        err.flush();
        return INTERNAL_ERROR;
    }
}
