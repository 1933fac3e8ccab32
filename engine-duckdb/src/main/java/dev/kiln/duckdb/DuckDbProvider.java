package dev.kiln.duckdb;

import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;

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
}
