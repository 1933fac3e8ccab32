package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.OperationResult;
import dev.kiln.VarsYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

import java.util.Map;

/**
 * {@code kiln run-operation MACRO [--args '{…}']}: renders a macro of the project's macro files
 * with named arguments and runs the SQL statements it renders, in order, on the target (dbt's
 * {@code run-operation}). A query's rows are printed as a table, a command's affected rows as a
 * count. A failing statement stops it with exit 1, naming the macro's file and line.
 */
@Command(name = "run-operation",
        description = "Render a macro (macros/*.ftl) with --args and run the SQL statements it renders; print what they return.")
public final class RunOperationCommand extends KilnSubcommand {

    private static final String EXAMPLE = "Write a mapping, e.g. --args '{role: reporter, schema: analytics}'.";

    @Parameters(index = "0", paramLabel = "MACRO", description = "The macro's name (package.name for a package's).")
    String macro;

    @Option(names = "--args", paramLabel = "YAML",
            description = "The macro's arguments by parameter name, as a YAML mapping: --args '{role: reporter}'.")
    String args;

    @Override
    protected int execute(Terminal terminal) {
        Map<String, Object> values;
        try {
            values = args == null || args.isBlank() ? Map.of() : VarsYaml.mapping(args, "--args", EXAMPLE);
        } catch (KilnException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try (Kiln kiln = load(terminal)) {
            terminal.progress("Running operation " + macro + " (" + kiln.target().name() + ", " + kiln.target().type() + ")");
            OperationResult result = kiln.runOperation(macro, values);
            if (result.statements().isEmpty()) {
                terminal.println("Macro " + macro + " rendered no SQL: nothing ran.");
                return 0;
            }
            int i = 0;
            for (OperationResult.Statement st : result.statements()) {
                i++;
                String head = result.statements().size() > 1 ? i + " of " + result.statements().size() + ": " : "";
                if (st.rows() != null) {
                    terminal.println(head + NodeCounts.plural(st.rows().rows().size(), "row")
                            + (st.rows().truncated() ? " (first ones)" : "") + ":");
                    terminal.println(ResultTable.format(st.rows()));
                } else {
                    terminal.println(head + "OK " + firstWords(st.sql())
                            + (st.affected() >= 0 ? " (" + NodeCounts.plural((int) Math.min(Integer.MAX_VALUE, st.affected()), "row") + ")" : ""));
                }
            }
            terminal.println(terminal.style().green("Ran " + NodeCounts.plural(result.statements().size(), "statement")
                    + " of " + macro + "."));
        }
        return 0;
    }

    /** The first words of a statement, for its line: {@code create schema if not exists audit}. */
    private static String firstWords(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "…";
    }
}
