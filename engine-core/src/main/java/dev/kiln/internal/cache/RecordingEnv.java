package dev.kiln.internal.cache;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An environment lookup that remembers which variables were read, and a hash of each value (the
 * values themselves are never kept: they may be credentials).
 */
public final class RecordingEnv implements Function<String, String> {

    /** The hash recorded for a variable that is not set. */
    static final String UNSET = "-";

    private final Function<String, String> env;
    private final Map<String, String> read = new ConcurrentHashMap<>();

    /** @param env the real lookup */
    public RecordingEnv(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String apply(String name) {
        String value = env.apply(name);
        read.put(name, hashOf(value));
        return value;
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
