package dev.kiln.cli;

import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * The "did you mean" of a mistyped command line, never pointing at a command that changes
 * anything: a typo's suggestion gets run by habit, so only commands that read (and
 * {@code init}, which only creates a new folder) are ever proposed; {@code build}, {@code run},
 * {@code clean} (which deletes {@code target/}) and every other command that writes to the
 * warehouse, to files or to another system are not. Option-name suggestions are kept.
 */
final class CommandSuggestions {

    /** The commands a suggestion may name: they read, or create only what is new. */
    static final Set<String> SAFE = Set.of("compile", "ls", "list", "show", "lineage", "parse", "debug", "docs",
            "source", "dag", "deps", "test", "serve", "init", "help");

    private CommandSuggestions() {
    }

    /** Prints {@code Did you mean: kiln ls?} when a safe command (or an option) is close; else nothing. */
    static void print(ParameterException ex, PrintWriter err) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)) {
            return;
        }
        List<String> safe = safe(unmatched.getSuggestions());
        if (safe.isEmpty()) {
            return;
        }
        String prefix = safe.get(0).startsWith("-") ? "" : unmatched.getCommandLine().getCommandSpec().qualifiedName() + " ";
        err.println("Did you mean: " + prefix + String.join(" or " + prefix, safe) + "?");
    }

    /** The suggestions that are options, or commands in {@link #SAFE}. */
    static List<String> safe(List<String> suggestions) {
        return suggestions.stream().filter(s -> s.startsWith("-") || SAFE.contains(s)).toList();
    }
}
