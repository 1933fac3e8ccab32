package dev.kiln.internal.analyze;

import dev.kiln.spi.Dialect;
import dev.kiln.spi.SyntaxChecker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to analyse a project.
 *
 * @param dialect       the target's dialect: how relations were rendered into the SQL
 * @param defaultSchema the schema an unqualified table name resolves to (the target's schema, or
 *                      the dialect's default)
 * @param syntaxChecker the target's own parser, or {@code null} (then Calcite's failures only make
 *                      a model's analysis unknown)
 * @param strict        when true, a model whose analysis is unknown is an error
 * @param cacheDir      where parse results are cached ({@code target/analysis-cache}), or
 *                      {@code null} for no cache
 * @param parallelism   threads that parse at once (at least 1)
 * @param sourceColumns source unique id → its columns as read from the warehouse or its remote
 *                      files ({@link SourceColumns}); a source listed here has all its columns known
 */
public record AnalyzerOptions(Dialect dialect, String defaultSchema, SyntaxChecker syntaxChecker, boolean strict,
                              Path cacheDir, int parallelism, Map<String, List<String>> sourceColumns) {

    /** Without source columns read from the warehouse. */
    public AnalyzerOptions(Dialect dialect, String defaultSchema, SyntaxChecker syntaxChecker, boolean strict,
                           Path cacheDir, int parallelism) {
        this(dialect, defaultSchema, syntaxChecker, strict, cacheDir, parallelism, Map.of());
    }

    /** Checks the values. */
    public AnalyzerOptions {
        if (dialect == null) {
            throw new IllegalArgumentException("dialect is required");
        }
        if (defaultSchema == null) {
            defaultSchema = dialect.defaultSchema();
        }
        parallelism = Math.max(1, parallelism);
        sourceColumns = Map.copyOf(sourceColumns == null ? Map.of() : sourceColumns);
    }

    /** Not strict, no checker, no cache, one thread per processor. */
    public static AnalyzerOptions of(Dialect dialect) {
        return new AnalyzerOptions(dialect, null, null, false, null, Runtime.getRuntime().availableProcessors());
    }

    /** With another default schema. */
    public AnalyzerOptions withDefaultSchema(String schema) {
        return new AnalyzerOptions(dialect, schema, syntaxChecker, strict, cacheDir, parallelism, sourceColumns);
    }

    /** With a syntax checker. */
    public AnalyzerOptions withSyntaxChecker(SyntaxChecker checker) {
        return new AnalyzerOptions(dialect, defaultSchema, checker, strict, cacheDir, parallelism, sourceColumns);
    }

    /** Strict or not. */
    public AnalyzerOptions withStrict(boolean value) {
        return new AnalyzerOptions(dialect, defaultSchema, syntaxChecker, value, cacheDir, parallelism, sourceColumns);
    }

    /** With a cache directory. */
    public AnalyzerOptions withCacheDir(Path dir) {
        return new AnalyzerOptions(dialect, defaultSchema, syntaxChecker, strict, dir, parallelism, sourceColumns);
    }

    /** With the columns of sources read from the warehouse or their remote files. */
    public AnalyzerOptions withSourceColumns(Map<String, List<String>> columns) {
        return new AnalyzerOptions(dialect, defaultSchema, syntaxChecker, strict, cacheDir, parallelism, columns);
    }

    /** With another number of threads. */
    public AnalyzerOptions withParallelism(int threads) {
        return new AnalyzerOptions(dialect, defaultSchema, syntaxChecker, strict, cacheDir, threads, sourceColumns);
    }
}
