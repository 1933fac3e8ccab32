package dev.kiln.internal.ingest;

import dev.kiln.internal.util.Plugins;
import dev.kiln.spi.Loader;

import java.util.Map;

/** The {@link Loader}s on the class path, by {@code from:}, looked up once. */
public final class Loaders {

    private Loaders() {
    }

    /** Every loader, by name. */
    public static Map<String, Loader> all() {
        return Plugins.byName(Loader.class, Loader::name);
    }
}
