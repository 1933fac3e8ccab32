package dev.kiln.internal.load;

import dev.kiln.spi.ReportWriter;
import dev.kiln.spi.SyncDestination;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The sync destinations and report writers on the class path, found once with
 * {@link ServiceLoader} ({@code META-INF/services/dev.kiln.spi.SyncDestination},
 * {@code …ReportWriter}).
 */
public final class ExposurePlugins {

    private static volatile Map<String, SyncDestination> destinations;
    private static volatile Map<String, ReportWriter> writers;

    private ExposurePlugins() {
    }

    /** Sync destinations by {@code to:} name, sorted. */
    public static Map<String, SyncDestination> destinations() {
        if (destinations == null) {
            Map<String, SyncDestination> found = new TreeMap<>();
            ServiceLoader.load(SyncDestination.class, ExposurePlugins.class.getClassLoader())
                    .forEach(d -> found.putIfAbsent(d.name(), d));
            destinations = Collections.unmodifiableMap(found);
        }
        return destinations;
    }

    /** Report writers by format, sorted. */
    public static Map<String, ReportWriter> writers() {
        if (writers == null) {
            Map<String, ReportWriter> found = new TreeMap<>();
            ServiceLoader.load(ReportWriter.class, ExposurePlugins.class.getClassLoader())
                    .forEach(w -> found.putIfAbsent(w.format(), w));
            writers = Collections.unmodifiableMap(found);
        }
        return writers;
    }

    /** A report block's format: {@code format:}, else the path's extension; {@code null} when unknown. */
    public static String format(Map<String, Object> report) {
        return ExposureBlocks.format(report);
    }
}
