package dev.kiln.internal.util;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The implementations of an SPI on Kiln's class path ({@link ServiceLoader}), by the name each
 * answers to ({@code from:}, {@code to:}, a report format), looked up once per SPI. The first
 * implementation of a name wins.
 */
public final class Plugins {

    private static final Map<Class<?>, Map<String, ?>> FOUND = new ConcurrentHashMap<>();

    private Plugins() {
    }

    /** Every implementation of {@code spi}, by {@code name}, sorted by name. */
    @SuppressWarnings("unchecked")
    public static <T> Map<String, T> byName(Class<T> spi, Function<T, String> name) {
        return (Map<String, T>) FOUND.computeIfAbsent(spi, s -> {
            Map<String, T> found = new TreeMap<>();
            ServiceLoader.load(spi, Plugins.class.getClassLoader()).forEach(p -> found.putIfAbsent(name.apply(p), p));
            return Collections.unmodifiableMap(found);
        });
    }
}
