package dev.kiln.junit;

import dev.kiln.TargetConfig;
import dev.kiln.duckdb.DuckDbProvider;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DuckDB adapter with the target's {@code path} replaced by {@code :memory:}: every run
 * starts from an empty database and leaves no file behind. Registered ahead of the class path's
 * adapter with {@code KilnBuilder.adapter(…)}.
 */
final class InMemoryDuckDb implements AdapterProvider {

    private final AdapterProvider duckdb = new DuckDbProvider();

    @Override
    public String type() {
        return duckdb.type();
    }

    @Override
    public Dialect dialect(TargetConfig target) {
        return duckdb.dialect(inMemory(target));
    }

    @Override
    public Adapter open(AdapterContext context) {
        return duckdb.open(new AdapterContext(inMemory(context.target()), context.projectRoot()));
    }

    /** The same target on an in-memory database. */
    static TargetConfig inMemory(TargetConfig target) {
        Map<String, Object> settings = new LinkedHashMap<>(target.settings());
        settings.put("path", ":memory:");
        return new TargetConfig(target.name(), target.type(), settings, target.position());
    }
}
