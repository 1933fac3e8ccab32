package dev.kiln.duckdb;

import java.lang.management.ManagementFactory;

/**
 * The {@code memory_limit} a DuckDB target gets when its {@code settings} set none. DuckDB's
 * own default is 80% of the machine's memory, which, with the JVM's heap on top, lets a large
 * build take the whole machine (DataVision at 300,000 users peaked at 11 GB RSS). Kiln's
 * default is half of what the JVM's heap leaves of the machine's (or container's) memory, at
 * least 256 MB: DuckDB spills to disk (next to the database file) beyond it instead of growing.
 */
final class DuckDbMemory {

    /** The smallest default, in MB. */
    static final long MIN_MB = 256;

    private DuckDbMemory() {
    }

    /** The default limit as DuckDB reads it, e.g. {@code 5632MB}. */
    static String defaultLimit() {
        return limitMb(physicalBytes(), Runtime.getRuntime().maxMemory()) + "MB";
    }

    /** Half of {@code physical} minus {@code heap}, in MB, at least {@link #MIN_MB}. */
    static long limitMb(long physical, long heap) {
        long free = physical - heap;
        return Math.max(MIN_MB, free / 2 / (1024 * 1024));
    }

    /** The machine's memory (the container's limit where there is one), or 4 GB when it cannot be read. */
    private static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        return 4L << 30;
    }
}
