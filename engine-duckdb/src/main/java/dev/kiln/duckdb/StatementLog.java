package dev.kiln.duckdb;


import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A record of every statement one adapter sent to DuckDB, for the overhead benchmark
 * ({@code benchmarks/overhead.sh}): which thread sent it, when it started and ended, what kind
 * it was and its text. Off unless the JVM runs with {@code -Dkiln.duckdb.statementLog=FILE};
 * then the statements of every DuckDB database the JVM opens (the target's, and the in-memory one
 * unit tests use) are kept in memory and written, one JSON object a line, to FILE (atomically)
 * whenever an adapter closes. It records what the database was asked, so it holds literal SQL: use
 * it on benchmark and development databases only.
 */
final class StatementLog {

    /** The system property that names the file; unset (the default) records nothing. */
    static final String PROPERTY = "kiln.duckdb.statementLog";

    /** What a statement was for. */
    enum Kind {
        /** the settings applied when the database opens ({@code load}, {@code set}, {@code attach}) */
        SETUP,
        /** a statement or query sent by a materialization, a test or a hook */
        STATEMENT,
        /** a question about the catalog ({@code relations}, {@code describe}, {@code catalog}) */
        METADATA
    }

    private record Entry(String db, String thread, Kind kind, long startNanos, long endNanos, boolean ok, String sql) {
    }

    private static final StatementLog OFF = new StatementLog(null, null);
    private static final long ORIGIN_NANOS = System.nanoTime();
    private static final long ORIGIN_EPOCH_MICROS = System.currentTimeMillis() * 1000;
    /** Every database's statements: one file for the whole JVM. */
    private static final ConcurrentLinkedQueue<Entry> ENTRIES = new ConcurrentLinkedQueue<>();

    private final Path file;
    private final String db;

    private StatementLog(Path file, String db) {
        this.file = file;
        this.db = db;
    }

    /**
     * The log the system property asks for, for the database {@code db} (its JDBC URL), or one
     * that records nothing.
     */
    static StatementLog fromSystemProperty(String db) {
        String path = System.getProperty(PROPERTY, "");
        return path.isBlank() ? OFF : new StatementLog(Path.of(path), db);
    }

    /** Whether statements are recorded. */
    boolean on() {
        return file != null;
    }

    /** Records one statement that ran from {@code startNanos} ({@link System#nanoTime()}) until now. */
    void record(Kind kind, String sql, long startNanos, boolean ok) {
        if (file != null) {
            ENTRIES.add(new Entry(db, Thread.currentThread().getName(), kind, startNanos, System.nanoTime(), ok, sql));
        }
    }

    /** Writes the file with every statement recorded so far, in the order they started. */
    void write() {
        if (file == null) {
            return;
        }
        List<Entry> sorted = new ArrayList<>(ENTRIES);
        sorted.sort(java.util.Comparator.comparingLong(Entry::startNanos));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.getParent() != null) {
                java.nio.file.Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = java.nio.file.Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (Entry e : sorted) {
                    w.write("{\"db\":" + quote(e.db()) + ",\"thread\":" + quote(e.thread()) + ",\"kind\":\"" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + "\",\"start_us\":" + micros(e.startNanos()) + ",\"end_us\":" + micros(e.endNanos())
                            + ",\"ok\":" + e.ok() + ",\"sql\":" + quote(e.sql()) + "}\n");
                }
            }
            // whole or not at all: a reader never sees half a log
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write the statement log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Microseconds since the epoch of a {@link System#nanoTime()} reading. */
    private long micros(long nanos) {
        return ORIGIN_EPOCH_MICROS + (nanos - ORIGIN_NANOS) / 1000;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
