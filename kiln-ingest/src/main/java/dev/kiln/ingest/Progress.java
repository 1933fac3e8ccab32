package dev.kiln.ingest;

import java.util.Locale;
import java.util.function.Consumer;

/** Progress lines with rows and bytes, at most one every two seconds, then a final one. */
final class Progress {

    private static final long EVERY_NANOS = 2_000_000_000L;
    private final Consumer<String> out;
    private final String table;
    private final long start = System.nanoTime();
    private long last = start;
    private long rows;
    private long bytes;

    Progress(Consumer<String> out, String table) {
        this.out = out;
        this.table = table;
    }

    /** Counts one row of about {@code size} bytes. */
    void row(long size) {
        rows++;
        bytes += size;
        if ((rows & 0x3FF) == 0) {
            long now = System.nanoTime();
            if (now - last >= EVERY_NANOS) {
                last = now;
                out.accept(line("loading"));
            }
        }
    }

    /** Counts {@code n} rows of {@code size} bytes in all (a file read by the warehouse) and prints a line. */
    void rows(long n, long size) {
        rows += n;
        bytes += size;
        last = System.nanoTime();
        out.accept(line("loading"));
    }

    /** Counts bytes read outside rows (a file, a page). */
    void bytes(long n) {
        bytes += n;
    }

    long rows() {
        return rows;
    }

    long bytesRead() {
        return bytes;
    }

    String line(String what) {
        double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT, "%s %s: %,d rows, %s (%,.0f rows/s)", what, table, rows, size(bytes), rows / secs);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
