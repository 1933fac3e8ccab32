package dev.kiln.duckdb.bench;

import dev.kiln.Kiln;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark (not a test): 20 column checks on one model of a few million rows, run with
 * {@code kiln test}, batched (one scan) or not ({@code -Dkiln.batchTests=false}). Prints the
 * best wall time of several runs. Started by {@code benchmarks/test-batching.sh}.
 *
 * <p>Arguments: ROWS (default 5,000,000), RUNS (default 3), MATERIALIZED ({@code table} or
 * {@code view}, default table). The time is that of the checks (the run's scheduler), without
 * loading and compiling the project.
 */
public final class TestBatchingBenchmark {

    private TestBatchingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String materialized = args.length > 2 ? args[2] : "table";
        Path dir = Files.createTempDirectory("kiln-batching");
        StringBuilder yml = new StringBuilder("version: 2\nmodels:\n  - name: events\n    columns:\n");
        String[] cols = {"id", "user_id", "amount", "kind", "score"};
        for (String c : cols) {
            yml.append("      - name: ").append(c).append("\n        data_tests:\n")
                    .append("          - not_null\n")
                    .append("          - accepted_range: {min_value: -1, max_value: 100000000}\n")
                    .append("          - expression_is_true: {expression: \">= -1\"}\n")
                    .append("          - accepted_values: {values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], quote: false, "
                            + "config: {where: \"").append(c).append(" < 10\"}}\n");
        }
        TempProject.create(dir, "bench", "duckdb")
                .file("kiln.yml", "name: bench\nmodels: {+materialized: " + materialized + "}\n"
                        + "targets: {dev: {type: duckdb, path: target/bench.duckdb, threads: 2}}\n")
                .file("models/events.sql", "select range as id, range % 1000 as user_id, (range * 7) % 5000 as amount,"
                        + " range % 10 as kind, (range * 13) % 100 as score from range(" + rows + ")\n")
                .file("models/events.yml", yml.toString());
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            kiln.run(Selection.ALL);
        }
        String mode = "false".equals(System.getProperty("kiln.batchTests")) ? "one query per check" : "batched";
        long best = Long.MAX_VALUE;
        int tests = 0;
        for (int i = 0; i <= runs; i++) {
            try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
                RunResults r = kiln.test(Selection.ALL);
                long took = r.elapsed().toNanos(); // the checks themselves, without loading and compiling
                tests = r.results().size();
                if (!r.success()) {
                    throw new IllegalStateException("checks failed: " + r.counts());
                }
                if (i > 0) { // the first run warms up
                    best = Math.min(best, took);
                }
            }
        }
        System.out.printf("%-20s %d checks on a %s of %,d rows: best of %d runs %.3f s%n", mode, tests, materialized, rows,
                runs, best / 1e9);
    }
}
