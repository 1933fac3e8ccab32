package dev.kiln.internal.load;

import dev.kiln.internal.util.Plugins;
import dev.kiln.spi.ReportWriter;
import dev.kiln.spi.SyncDestination;

import java.util.Map;

/**
 * The sync destinations and report writers on the class path, found once with
 * {@link ServiceLoader} ({@code META-INF/services/dev.kiln.spi.SyncDestination},
 * {@code …ReportWriter}).
 */
public final class ExposurePlugins {

    private ExposurePlugins() {
    }

    /** Sync destinations by {@code to:} name, sorted. */
    public static Map<String, SyncDestination> destinations() {
        return Plugins.byName(SyncDestination.class, SyncDestination::name);
    }

    /** Report writers by format, sorted. */
    public static Map<String, ReportWriter> writers() {
        return Plugins.byName(ReportWriter.class, ReportWriter::format);
    }

    /** A report block's format: {@code format:}, else the path's extension; {@code null} when unknown. */
    public static String format(Map<String, Object> report) {
        return ExposureBlocks.format(report);
    }
}
