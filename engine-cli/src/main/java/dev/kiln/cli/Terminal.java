package dev.kiln.cli;

import dev.kiln.Diagnostic;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Where a command writes: results to stdout, diagnostics and progress to stderr, in the
 * chosen {@link Style}.
 *
 * @param out   standard output (results: lists, summaries)
 * @param err   standard error (warnings, errors, debug detail)
 * @param style colour or not
 */
public record Terminal(PrintWriter out, PrintWriter err, Style style) {

    /** Prints a line of results. */
    public void println(String line) {
        out.println(line);
    }

    /**
     * Prints a line of results and flushes at once, so a person watching a long run sees it
     * as it happens. One call prints the whole text, so lines from several threads never mix.
     *
     * @param text one line, or several joined with {@code \n}
     */
    public void progress(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints diagnostics ({@code file:line:col: warning: …}) to stderr. */
    public void diagnostic(Diagnostic d) {
        err.println(style.diagnostics(d.format()));
    }

    /** Prints a line of detail to stderr. */
    public void note(String line) {
        err.println(style.dim(line));
    }

    /**
     * A path as the user would type it from the working directory: relative when it lies
     * below it, absolute otherwise.
     *
     * @param path any path
     * @return the path to show
     */
    public static String display(Path path) {
        Path abs = Invocation.resolve(path).toAbsolutePath().normalize();
        Path cwd = Invocation.cwd();
        Path shown = abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }
}
