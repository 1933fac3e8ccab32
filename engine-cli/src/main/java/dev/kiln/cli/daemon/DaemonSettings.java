package dev.kiln.cli.daemon;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's settings from the environment. JDK classes only.
 * <ul>
 *   <li>{@code KILN_DAEMON_IDLE_TIMEOUT}: how long a daemon waits for the next request before it
 *       stops, as {@code 90s}, {@code 30m}, {@code 2h} or plain seconds; default 30 minutes.</li>
 * </ul>
 */
final class DaemonSettings {

    /** The default idle timeout. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    private DaemonSettings() {
    }

    /** {@code KILN_DAEMON_IDLE_TIMEOUT}, or the default when unset or malformed. */
    static Duration idleTimeout(Map<String, String> env) {
        Duration d = parse(env.get("KILN_DAEMON_IDLE_TIMEOUT"));
        return d == null ? IDLE_TIMEOUT : d;
    }

    /** {@code 90s}, {@code 30m}, {@code 2h} or plain seconds (at least one second); {@code null} when malformed. */
    static Duration parse(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 's' || last == 'm' || last == 'h') {
            unit = last == 's' ? 1 : last == 'm' ? 60 : 3600;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            return n < 1 ? null : Duration.ofSeconds(Math.multiplyExact(n, unit));
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
