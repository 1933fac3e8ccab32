package dev.kiln.duckdb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises DuckDB's "the file is locked by another process" error and names the holder. */
final class DuckDbLock {

    /** e.g. {@code Conflicting lock is held in /usr/lib/jvm/…/bin/java (PID 12345) by user root}. */
    private static final Pattern HOLDER = Pattern.compile("Conflicting lock is held in (.*?) \\(PID (\\d+)\\)");

    private DuckDbLock() {
    }

    /**
     * {@code "PID 12345 (/usr/bin/java)"} when {@code message} is DuckDB's lock conflict,
     * {@code "PID unknown"} when it is one without a PID, else {@code null}.
     */
    static String holder(String message) {
        if (message == null || !(message.contains("Could not set lock on file") || message.contains("Conflicting lock"))) {
            return null;
        }
        Matcher m = HOLDER.matcher(message);
        return m.find() ? "PID " + m.group(2) + " (" + m.group(1) + ")" : "PID unknown";
    }
}
