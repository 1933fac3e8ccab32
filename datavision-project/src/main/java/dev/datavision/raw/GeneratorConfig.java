package dev.datavision.raw;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate and where.
 *
 * @param out      raw layer directory (one sub-folder of Parquet parts per table), e.g. {@code data/raw}
 * @param truthOut ground-truth directory, e.g. {@code data/ground_truth}
 * @param scale    number of users (signups over the simulated history)
 * @param seed     random seed; the same seed and scale give byte-identical files
 * @param asOf     end of the simulated history (exclusive, 00:00 UTC); 18 months are simulated before it
 * @param threads  simulation threads (results do not depend on it)
 * @param partRows rows per Parquet part before a new part file is started (bounds memory)
 */
public record GeneratorConfig(Path out, Path truthOut, long scale, long seed, LocalDate asOf, int threads,
                              long partRows) {

    /** Default number of users. */
    public static final long DEFAULT_SCALE = 3000;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default end of the simulated history. */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 11, 1);
    /** Default rows per Parquet part. */
    public static final long DEFAULT_PART_ROWS = 2_000_000;

    /** Validates the values. */
    public GeneratorConfig {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(truthOut, "truthOut");
        Objects.requireNonNull(asOf, "asOf");
        if (scale < 1 || scale > 100_000_000L) {
            throw new IllegalArgumentException("scale must be between 1 and 100000000 users, got " + scale);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (partRows < 1000) {
            throw new IllegalArgumentException("partRows must be at least 1000, got " + partRows);
        }
        if (out.toAbsolutePath().normalize().equals(truthOut.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the raw and ground-truth directories must differ: " + out);
        }
    }

    /** Defaults for everything but the raw directory; ground truth goes to {@code ground_truth} beside it. */
    public static GeneratorConfig of(Path out) {
        return new GeneratorConfig(out, defaultTruthDir(out), DEFAULT_SCALE, DEFAULT_SEED, DEFAULT_AS_OF,
                Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_PART_ROWS);
    }

    /** {@code ground_truth}, next to the raw directory. */
    public static Path defaultTruthDir(Path out) {
        Path parent = out.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("ground_truth") : parent.resolve("ground_truth");
    }

    /** A copy with another raw directory (the ground truth stays where it was). */
    public GeneratorConfig withOut(Path newOut) {
        return new GeneratorConfig(newOut, truthOut, scale, seed, asOf, threads, partRows);
    }

    /** A copy with another ground-truth directory. */
    public GeneratorConfig withTruthOut(Path newTruthOut) {
        return new GeneratorConfig(out, newTruthOut, scale, seed, asOf, threads, partRows);
    }

    /** A copy with another number of users. */
    public GeneratorConfig withScale(long newScale) {
        return new GeneratorConfig(out, truthOut, newScale, seed, asOf, threads, partRows);
    }

    /** A copy with another seed. */
    public GeneratorConfig withSeed(long newSeed) {
        return new GeneratorConfig(out, truthOut, scale, newSeed, asOf, threads, partRows);
    }

    /** A copy with another as_of date. */
    public GeneratorConfig withAsOf(LocalDate newAsOf) {
        return new GeneratorConfig(out, truthOut, scale, seed, newAsOf, threads, partRows);
    }

    /** A copy with another number of threads. */
    public GeneratorConfig withThreads(int newThreads) {
        return new GeneratorConfig(out, truthOut, scale, seed, asOf, newThreads, partRows);
    }

    /** A copy with another part size. */
    public GeneratorConfig withPartRows(long newPartRows) {
        return new GeneratorConfig(out, truthOut, scale, seed, asOf, threads, newPartRows);
    }
}
