package dev.kiln.cli;

import dev.kiln.FreshnessReport;
import dev.kiln.FreshnessResult;
import dev.kiln.FreshnessStatus;
import dev.kiln.Kiln;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kiln source freshness}: how old the newest row of each source with a
 * {@code freshness} config is; writes {@code target/sources.json}. Exit 1 when a source is past
 * its {@code error_after} or could not be queried.
 */
@Command(name = "freshness",
        description = "Check the freshness of sources (loaded_at_field against warn_after/error_after).")
public final class SourceFreshnessCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Override
    protected int execute(Terminal terminal) {
        try (Kiln kiln = load(terminal)) {
            FreshnessReport report = kiln.sourceFreshness(selection.toSelection());
            if (report.results().isEmpty()) {
                terminal.println("No source has a freshness config (loaded_at_field and warn_after/error_after).");
                return 0;
            }
            int i = 0;
            for (FreshnessResult r : report.results()) {
                i++;
                terminal.println(String.format("%2d of %d %s %s", i, report.results().size(), label(r.status()),
                        r.message()));
            }
            terminal.println("");
            terminal.println("Done in " + String.format("%.2fs", report.elapsed().toMillis() / 1000.0)
                    + ". Results in target/sources.json.");
            return report.exitCode();
        }
    }

    private static String label(FreshnessStatus status) {
        return switch (status) {
            case PASS -> "PASS";
            case WARN -> "WARN";
            case ERROR -> "ERROR STALE";
            default -> "ERROR";
        };
    }
}
