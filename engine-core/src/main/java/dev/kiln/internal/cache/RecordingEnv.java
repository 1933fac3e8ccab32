package dev.kiln.internal.cache;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An environment lookup that remembers which variables were read, and a hash of each value (the
 * values themselves are never stored: they may be credentials). The values read are held in
 * memory only, so that {@link CacheSecrets} can keep them out of the cache and {@link #leaksInto}
 * can refuse a cache that would still write one to disk.
 */
public final class RecordingEnv implements Function<String, String> {

    /** The hash recorded for a variable that is not set. */
    static final String UNSET = "-";

    private final Function<String, String> env;
    private final Map<String, String> read = new ConcurrentHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>(); // name → value, in memory only

    /** Values shorter than this are not looked for in {@link #leaksInto} (a flag, a short name). */
    static final int SHORTEST_SECRET = 6;

    /** @param env the real lookup */
    public RecordingEnv(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String apply(String name) {
        String value = env.apply(name);
        read.put(name, hashOf(value));
        if (value != null) {
            values.put(name, value);
        }
        return value;
    }

    /**
     * Whether a value read through this lookup (one of {@link #SHORTEST_SECRET} characters or
     * more) appears in {@code encoded}, the bytes about to be written: a token from
     * {@code env_var()} in a source's load settings, a password in a target. Such a cache is not
     * written, whatever the variable's name.
     */
    boolean leaksInto(byte[][] encoded) {
        for (String v : values.values()) {
            if (v.length() < SHORTEST_SECRET) {
                continue;
            }
            byte[] needle = v.getBytes(StandardCharsets.UTF_8);
            for (byte[] part : encoded) {
                if (contains(part, needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Name → value of every variable read so far that is set (held in memory only). */
    Map<String, String> values() {
        return values;
    }

    /** Name → hash of the value, of every variable read so far. */
    Map<String, String> read() {
        return new TreeMap<>(read);
    }

    /** Adds reads made by an earlier compile that this one reuses. */
    void addAll(Map<String, String> earlier) {
        earlier.forEach(read::putIfAbsent);
    }

    /** The hash of {@code value}, or {@link #UNSET}. */
    static String hashOf(String value) {
        return value == null ? UNSET : InputFiles.hash(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The lookup this one wraps. */
    Function<String, String> delegate() {
        return env;
    }
}
