package dev.kiln.cli;

import dev.kiln.dbt.DbtImporter;
import dev.kiln.dbt.ImportProblem;
import dev.kiln.dbt.ImportReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * {@code kiln import-dbt SRC DEST}: converts a dbt project into a Kiln project (see
 * {@link DbtImporter}). Prints each file as it is written, then what was left unconverted
 * with file:line and why. Exit code 0 when everything was converted, 1 when anything was left
 * (the rest is still written), 2 when SRC is no dbt project or DEST is not empty.
 */
@Command(name = "import-dbt", description = {"Convert a dbt project (Jinja) into a Kiln project (FreeMarker).",
        "Exit 1 when anything was left unconverted; everything else is still converted."})
public final class ImportDbtCommand extends KilnSubcommand {

    @Parameters(index = "0", paramLabel = "SRC", description = "The dbt project: the folder holding dbt_project.yml.")
    Path src;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where the Kiln project goes: a new or empty folder.")
    Path dest;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "The profiles.yml to read (default: SRC/profiles.yml, $DBT_PROFILES_DIR, ~/.dbt/profiles.yml).")
    Path profiles;

    @Override
    protected int execute(Terminal terminal) {
        terminal.println("Importing dbt project " + Terminal.display(src) + " into " + Terminal.display(dest));
        ImportReport report = new DbtImporter(src, dest, profiles, path -> terminal.progress("  wrote " + path)).run();
        for (String note : report.notes()) {
            terminal.note("note: " + note);
        }
        for (ImportProblem p : report.problems()) {
            terminal.err().println(terminal.style().diagnostics(p.file() + (p.line() > 0 ? ":" + p.line()
                    + (p.column() > 0 ? ":" + p.column() : "") : "") + ": error: not converted: " + p.what()
                    + "\n  hint: " + p.why()));
        }
        int files = report.written().size();
        if (report.complete()) {
            terminal.println(terminal.style().green("Converted " + files + " files. Build it with: kiln --project-dir "
                    + Terminal.display(dest) + " build"));
            return 0;
        }
        terminal.println(terminal.style().yellow("Converted " + files + " files; " + report.problems().size()
                + " construct(s) left as written (listed above). Fix them by hand, then: kiln --project-dir "
                + Terminal.display(dest) + " build"));
        return 1;
    }
}
