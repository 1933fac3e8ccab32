package dev.kiln.testkit;

import dev.kiln.TargetConfig;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;

/** An adapter of type {@code ansi} that only compiles; registered for engine-core's own tests. */
public final class AnsiTestAdapter implements AdapterProvider {
    @Override
    public String type() {
        return "ansi";
    }

    @Override
    public Dialect dialect(TargetConfig target) {
        return Dialect.ANSI;
    }

    @Override
    public dev.kiln.spi.Adapter open(dev.kiln.spi.AdapterContext context) {
        throw new dev.kiln.KilnException(dev.kiln.ErrorCode.ADAPTER_UNAVAILABLE, "The ansi test adapter only compiles.");
    }

    /** Adapter-declared keys, so that engine-core's tests can use some ({@code bucket_count}, {@code partitions_limit}). */
    @Override
    public java.util.Set<String> configKeys() {
        return java.util.Set.of("bucket_count", "partitions_limit");
    }
}
