package dev.kiln.duckdb;

import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.SyntaxChecker;

import java.util.Optional;

/** The {@code duckdb} adapter: embedded DuckDB, in a file ({@code path:}) or in memory. */
public final class DuckDbProvider implements AdapterProvider {

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public Dialect dialect(TargetConfig target) {
        return DuckDbDialect.of(DuckDbSettings.of(target, java.nio.file.Path.of(".")));
    }

    @Override
    public Adapter open(AdapterContext context) {
        return DuckDbAdapter.open(DuckDbSettings.of(context.target(), context.projectRoot()));
    }

    /** DuckDB's own parser, in process ({@link DuckDbSyntaxChecker}). */
    @Override
    public Optional<SyntaxChecker> syntaxChecker(TargetConfig target) {
        return Optional.of(DuckDbSyntaxChecker.open());
    }

    /** An in-memory DuckDB: Kiln runs YAML unit tests there. */
    @Override
    public Optional<java.util.Map<String, Object>> inMemoryTarget() {
        return Optional.of(java.util.Map.of("path", ":memory:"));
    }
}
