package dev.kiln.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

import java.io.PrintWriter;

/**
 * Reports a command-line mistake (unknown option, bad value, missing command) briefly: the
 * problem, any "did you mean" suggestions, the command's synopsis and where to find help.
 * Exit code 2; never a stack trace.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    private final Style style;

    UsageErrorHandler(Style style) {
        this.style = style;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(style.red("error:") + " " + ex.getMessage());
        CommandSuggestions.print(ex, err); // never a command that changes something
        err.print(cmd.getHelp().fullSynopsis());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
