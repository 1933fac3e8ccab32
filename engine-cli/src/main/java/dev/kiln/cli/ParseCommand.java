package dev.kiln.cli;

import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kiln parse}: loads, renders, links and checks the project without connecting to the
 * warehouse, and writes {@code target/manifest.json} and {@code target/perf_info.json} (the
 * time of each stage), like dbt's {@code parse}. A broken project exits 2 with every problem.
 */
@Command(name = "parse",
        description = "Load and check the project without the warehouse; write target/manifest.json and "
                + "target/perf_info.json (the time each stage took).")
public final class ParseCommand extends KilnSubcommand {

    @Override
    protected int execute(Terminal terminal) {
        try (Kiln kiln = load(terminal)) {
            CompiledProject compiled = kiln.parse();
            Map<String, Duration> t = kiln.timings();
            StringBuilder stages = new StringBuilder();
            for (String stage : new String[] {"load", "render", "link", "analyze", "write"}) {
                Duration d = t.get(stage);
                if (d != null) {
                    stages.append(stages.length() == 0 ? "" : ", ").append(stage).append(' ')
                            .append(String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9));
                }
            }
            terminal.println(terminal.style().green("Parsed " + NodeCounts.describe(compiled) + " → "
                    + Terminal.display(kiln.targetDir()) + "/manifest.json"));
            terminal.println("Timings (" + stages + ") in " + Terminal.display(kiln.targetDir().resolve("perf_info.json")) + ".");
        }
        return 0;
    }
}
