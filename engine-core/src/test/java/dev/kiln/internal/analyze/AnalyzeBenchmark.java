package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.spi.Dialect;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Times the analyze stage on a project (not a unit test): {@code AnalyzeBenchmark DIR cold|warm
 * [threads]} compiles DIR, then analyses it with an empty cache (cold) or the cache an earlier
 * run left (warm), and prints wall and CPU times. Run each mode in a fresh JVM.
 */
public final class AnalyzeBenchmark {

    private AnalyzeBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        boolean cold = "cold".equals(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Path cacheDir = dir.resolve("target/analysis-cache");
        if (cold && Files.isDirectory(cacheDir)) {
            try (Stream<Path> files = Files.walk(cacheDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        long t0 = System.nanoTime();
        long c0 = cpu();
        CompiledProject compiled;
        try (Kiln kiln = Kiln.configure().projectDir(dir).analyze(false).load()) {
            compiled = kiln.compile();
        }
        long t1 = System.nanoTime();
        long c1 = cpu();
        AnalysisReport report = new SqlAnalyzer(AnalyzerOptions.of(Dialect.ANSI).withCacheDir(cacheDir)
                .withParallelism(threads)).analyze(compiled);
        long t2 = System.nanoTime();
        long c2 = cpu();
        System.out.printf("nodes=%d parsed=%d cacheHits=%d unknown=%d diagnostics=%d%n", report.stats().analyzed(),
                report.stats().parsed(), report.stats().cacheHits(), report.stats().unknown(), report.diagnostics().size());
        System.out.printf("  parse phase %d ms, resolve phase %d ms%n", report.stats().parseMillis(),
                report.stats().resolveMillis());
        System.out.printf("compile: %d ms wall, %d ms cpu (all threads)%n", (t1 - t0) / 1_000_000, (c1 - c0) / 1_000_000);
        System.out.printf("analyze (%s, %d threads): %d ms wall, %d ms cpu (all threads)%n", cold ? "cold" : "warm",
                threads, (t2 - t1) / 1_000_000, (c2 - c1) / 1_000_000);
    }

    /** CPU time of the whole process, in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

}
