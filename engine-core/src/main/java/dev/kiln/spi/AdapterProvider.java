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

    /** The SQL dialect for a target of this type (no connection is made). */
    Dialect dialect(TargetConfig target);

    /**
     * Connects to the warehouse of a target. Called once per command, only when the command
     * needs the warehouse. Invalid settings are reported as a
     * {@link dev.kiln.KilnException} with {@link dev.kiln.ErrorCode#ADAPTER_UNAVAILABLE}, naming
     * the setting and the target.
     */
    Adapter open(AdapterContext context);
}
