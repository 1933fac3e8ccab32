package dev.kiln.spi;

import dev.kiln.TargetConfig;

/**
 * The entry point of an adapter, found with {@link java.util.ServiceLoader} by the target's
 * {@code type:} (register it in {@code META-INF/services/dev.kiln.spi.AdapterProvider}), or
 * passed in code with {@code Kiln.configure().adapter(…)}.
 */
public interface AdapterProvider {

    /** The {@code type:} this adapter serves ({@code duckdb}, {@code athena}). */
    String type();

    /** The SQL dialect for a target of this type. */
    Dialect dialect(TargetConfig target);
}
