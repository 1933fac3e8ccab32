package dev.kiln.internal.ingest;

import dev.kiln.spi.Loader;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link Loader}s on the class path, by {@code from:}, looked up once per class loader. */
public final class Loaders {

    private static final Map<ClassLoader, Map<String, Loader>> FOUND = new ConcurrentHashMap<>();

    private Loaders() {
    }

    /** Every loader, by name. */
    public static Map<String, Loader> all() {
        return FOUND.computeIfAbsent(Loaders.class.getClassLoader(), cl -> {
            Map<String, Loader> found = new LinkedHashMap<>();
            for (Loader l : ServiceLoader.load(Loader.class, cl)) {
                found.putIfAbsent(l.name(), l);
            }
            return Map.copyOf(found);
        });
    }
}
