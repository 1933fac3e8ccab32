package dev.kiln.report.bench;

import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes a report of ROWS rows × 10 columns (integers, decimals, doubles, a rate, dates,
 * timestamps, text) to xlsx (or csv / parquet) from a DuckDB table, and prints the time of the
 * report alone and the peak heap. Run by {@code benchmarks/report-xlsx.sh}, which sets the heap
 * limit and measures the process's peak RSS.
 *
 * <p>Arguments: ROWS FORMAT (xlsx, csv or parquet).
 */
public final class XlsxReportBenchmark {

    private XlsxReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        String format = args.length > 1 ? args[1] : "xlsx";
        Path dir = Files.createTempDirectory("kiln-report-bench");
        TempProject p = TempProject.create(dir, "bench", "duckdb")
                .file("kiln.yml", """
                        name: bench
                        models:
                          +materialized: table
                        targets:
                          dev: {type: duckdb, path: target/bench.duckdb, threads: 2}
                        """)
                .file("models/wide.sql", """
                        select
                            i                                                   as id,
                            i % 1000                                            as account_id,
                            cast(i * 1.25 as decimal(14,2))                     as amount,
                            (i % 97) / 7.0                                      as score,
                            (i % 100) / 100.0                                   as conversion_rate,
                            date '2020-01-01' + cast(i % 2000 as integer)       as day,
                            timestamp '2020-01-01 00:00:00' + to_seconds(i)     as created_at,
                            'customer_' || (i % 50000)                          as customer,
                            case i % 3 when 0 then 'free' when 1 then 'premium' else 'enterprise' end as plan,
                            i % 2 = 0                                           as is_even
                        from range(ROWS) t(i)
                        """.replace("ROWS", Long.toString(rows)))
                .file("models/exposures.yml", """
                        version: 2
                        exposures:
                          - name: big_report
                            type: dashboard
                            depends_on: ["ref('wide')"]
                            report: {path: out/big.%s, model: wide}
                        """.formatted(format));
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            kiln.run(Selection.ALL);
            System.gc();
            resetPeaks();
            Instant start = Instant.now();
            RunResults r = kiln.report(Selection.ALL);
            Duration took = Duration.between(start, Instant.now());
            NodeResult result = r.results().get(0);
            if (!r.success()) {
                throw new IllegalStateException(result.message());
            }
            long size = Files.size(p.root().resolve("out/big." + format));
            System.out.printf("%s report, %,d rows x 10 columns: %.2f s, file %,d KB, peak heap during the report %d MB"
                            + " (max heap %d MB)%n", format, rows, took.toMillis() / 1000.0, size / 1024, peakHeapMb(),
                    Runtime.getRuntime().maxMemory() >> 20);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
