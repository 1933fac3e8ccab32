package dev.datavision.raw;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the raw-layer generator:
 * {@code java -cp … dev.datavision.raw.Main [--out DIR] [--truth-out DIR] [--scale N] [--seed S] [--as-of YYYY-MM-DD]}.
 * Progress goes to stderr. Exit codes: 0 done, 1 generation failed, 2 invalid arguments.
 */
@Command(name = "datavision-raw", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generates the DataVision raw layer (Parquet) and its ground truth, deterministically.")
public final class Main implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "data/raw", description = "Raw layer directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--truth-out", description = "Ground-truth directory (default: ground_truth next to --out).")
    Path truthOut;

    @Option(names = "--scale", defaultValue = "3000", description = "Number of users (default: ${DEFAULT-VALUE}).")
    long scale;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--as-of", defaultValue = "2026-11-01", converter = DateConverter.class,
            description = "End of the simulated history, exclusive (default: ${DEFAULT-VALUE}).")
    LocalDate asOf;

    @Option(names = "--threads", description = "Simulation threads (default: available processors).")
    Integer threads;

    @Option(names = "--part-rows", defaultValue = "2000000", description = "Rows per Parquet part (default: ${DEFAULT-VALUE}).")
    long partRows;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    /** Runs the generator with the parsed options. */
    @Override
    public Integer call() throws Exception {
        GeneratorConfig config;
        try {
            config = new GeneratorConfig(out, truthOut != null ? truthOut : GeneratorConfig.defaultTruthDir(out), scale,
                    seed, asOf, threads != null ? threads : Runtime.getRuntime().availableProcessors(), partRows);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        GenerationListener progress = quiet ? new GenerationListener() { } : new StderrProgress();
        new RawDataGenerator(config, progress).generate();
        return 0;
    }

    /**
     * Entry point.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("datavision-raw: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    /** Parses ISO dates. */
    static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            return LocalDate.parse(value);
        }
    }

    /** Prints progress the way a person wants to watch it. */
    static final class StderrProgress implements GenerationListener {
        private final long started = System.nanoTime();
        private long lastReport;

        @Override
        public void passStarted(String pass, long users) {
            log(String.format(Locale.ROOT, "%s: %,d users", pass, users));
        }

        @Override
        public void usersDone(String pass, long done, long total) {
            long now = System.nanoTime();
            if (done == total || now - lastReport > 2_000_000_000L) {
                lastReport = now;
                log(String.format(Locale.ROOT, "%s: %,d/%,d users (%.0f%%)", pass, done, total, 100.0 * done / total));
            }
        }

        @Override
        public void tableFinished(String table, long rows) {
            log(String.format(Locale.ROOT, "%-22s %,12d rows", table, rows));
        }

        @Override
        public void finished(GenerationSummary summary) {
            long rows = summary.rawRows().values().stream().mapToLong(Long::longValue).sum();
            log(String.format(Locale.ROOT, "done: %,d raw rows in %.1fs -> %s (ground truth: %s)", rows,
                    summary.elapsed().toMillis() / 1000.0, summary.config().out(), summary.config().truthOut()));
        }

        private void log(String message) {
            System.err.printf(Locale.ROOT, "[datavision-raw %6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
        }
    }

}
