package dev.kiln.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/**
 * Runs {@code kiln} in-process and captures what it prints.
 *
 * @param exitCode the exit code
 * @param out      standard output
 * @param err      standard error
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs as the {@code kiln} command does: only the invoked subcommand's model when it can ({@link CommandDispatch}). */
    static CliRun kiln(String... args) {
        return run(KilnCli.create(Style.PLAIN, args), args);
    }

    /** Runs with a chance to change the command line first (e.g. add a test-only command); the whole command tree. */
    static CliRun kiln(Consumer<CommandLine> setup, String... args) {
        CommandLine cli = KilnCli.create(Style.PLAIN);
        setup.accept(cli);
        return run(cli, args);
    }

    /** Runs {@code args} on {@code cli}, capturing what it prints. */
    static CliRun run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Standard output, one entry per line. */
    java.util.List<String> lines() {
        return out.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
