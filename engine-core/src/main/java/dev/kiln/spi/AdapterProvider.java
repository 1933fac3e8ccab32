package dev.kiln.spi;

import dev.kiln.TargetConfig;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * The most faithful parser of this target's SQL, to check every model's syntax before
     * anything runs (no connection to the warehouse is made). Empty (the default) when the
     * adapter has none: then Kiln's Calcite analysis cannot tell a syntax error from SQL it does
     * not understand, and reports neither as an error unless {@code --strict}. Kiln closes the
     * checker when it is closed.
     */
    default Optional<SyntaxChecker> syntaxChecker(TargetConfig target) {
        return Optional.empty();
    }

    /**
     * The config keys this adapter reads from models, seeds and snapshots, besides Kiln's own
     * (e.g. {@code table_type} on Athena, {@code partitioning} on Trino). Kiln accepts a key in
     * {@code kiln.yml}, YAML {@code config:} and {@code <@config>} when Kiln or an adapter on the
     * class path declares it; anything else is reported as an unknown config. Empty by default.
     */
    default Set<String> configKeys() {
        return Set.of();
    }

    /**
     * The settings of a fresh, private, in-memory database of this adapter, when it can open one
     * (DuckDB can): Kiln runs YAML unit tests on such a database, never on the target. The first
     * adapter on the class path that offers one is used. Empty by default.
     */
    default Optional<Map<String, Object>> inMemoryTarget() {
        return Optional.empty();
    }
}
