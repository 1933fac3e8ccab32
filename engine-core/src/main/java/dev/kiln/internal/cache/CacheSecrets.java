package dev.kiln.internal.cache;

import dev.kiln.internal.load.TargetSecrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What partial parsing keeps of credentials in {@code target/partial_parse.bin}: nothing. The
 * loaded project holds resolved values; this policy has the cache hold, instead of a value,
 * how to get it back when the cache is read:
 * <ul>
 *   <li>a string holding the value of an environment variable the compile read (of
 *       {@link RecordingEnv#SHORTEST_SECRET} characters or more, or the whole of a value under a
 *       secret-looking key) is kept as its literal parts (the template's text around
 *       {@code env_var()}) and the variable's name, and the
 *       variable is read again on load (the fingerprint has checked that its value is
 *       unchanged, by a hash);</li>
 *   <li>a non-blank value under a key that looks like a secret ({@link TargetSecrets#looksSecret}:
 *       an exposure's {@code sync.access_token}, a load's {@code token}) that no environment
 *       variable accounts for is kept as the place where it is written in one of the project's
 *       YAML files (path, byte offset, length), and read from that file again on load (the
 *       fingerprint has checked that the file is unchanged);</li>
 *   <li>such a value found nowhere means no cache at all ({@link RecordCodec.Unsupported}),
 *       except in the record components listed in {@link #DIGESTS}, which hold hashes of
 *       values, not values.</li>
 * </ul>
 * A value that cannot be got back on load (a variable now unset, a file now shorter) marks the
 * read {@link #stale()}: the caller compiles in full.
 */
final class CacheSecrets implements RecordCodec.Secrets {

    /** Record components whose string maps hold digests of values under the values' names. */
    static final Set<String> DIGESTS = Set.of("TemplateReads.envVars");

    private static final String LITERAL = "L";
    private static final String ENV = "E";
    private static final String FILE = "F";

    private final Path root;
    private final Function<String, String> lookup;
    private final List<Map.Entry<String, String>> envValues; // longest value first
    private final List<String> yamlFiles;
    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    private final Map<String, Boolean> secretKeys = new ConcurrentHashMap<>();
    private volatile boolean stale;

    /**
     * @param root      the project directory (file references are relative to it)
     * @param lookup    reads an environment variable again, on load
     * @param envValues name → value of the variables the compile read (to seal; empty on load)
     * @param yamlFiles the project's YAML input files, relative to {@code root}, where a literal secret may be written
     */
    CacheSecrets(Path root, Function<String, String> lookup, Map<String, String> envValues, List<String> yamlFiles) {
        this.root = root;
        this.lookup = lookup;
        this.envValues = envValues.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> -e.getValue().length())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        this.yamlFiles = List.copyOf(yamlFiles);
    }

    /** A policy for reading a cache: it resolves references, and seals nothing. */
    static CacheSecrets reading(Path root, Function<String, String> lookup) {
        return new CacheSecrets(root, lookup, Map.of(), List.of());
    }

    @Override
    public RecordCodec.Sealed seal(String where, String key, String value) {
        List<String> parts = envParts(value, RecordingEnv.SHORTEST_SECRET);
        if (key == null || value.isBlank() || where != null && DIGESTS.contains(where)
                || !secretKeys.computeIfAbsent(key, TargetSecrets::looksSecret)) {
            return parts == null ? null : new RecordCodec.Sealed(parts);
        }
        if (parts != null) {
            return new RecordCodec.Sealed(parts);
        }
        for (Map.Entry<String, String> e : envValues) { // all of a short value
            if (e.getValue().equals(value)) {
                return new RecordCodec.Sealed(List.of(ENV + e.getKey()));
            }
        }
        String at = writtenAt(value);
        if (at == null) {
            throw new RecordCodec.Unsupported("the value under the secret-looking key '" + key + "' (" + where
                    + ") is neither an environment variable's nor written in a YAML file of the project");
        }
        return new RecordCodec.Sealed(List.of(at));
    }

    /**
     * {@code value} as literal parts and references to the variables whose values it holds
     * (values of {@code shortest} characters or more), or {@code null} when it holds none.
     */
    private List<String> envParts(String value, int shortest) {
        if (envValues.isEmpty()) {
            return null;
        }
        List<String> parts = null;
        int from = 0;
        while (from < value.length()) {
            int best = -1;
            Map.Entry<String, String> found = null;
            for (Map.Entry<String, String> e : envValues) { // longest first: the first of equal places wins
                String v = e.getValue();
                if (v.length() < shortest) {
                    continue;
                }
                int at = value.indexOf(v, from);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                    found = e;
                }
            }
            if (found == null) {
                break;
            }
            if (parts == null) {
                parts = new ArrayList<>();
            }
            if (best > from) {
                parts.add(LITERAL + value.substring(from, best));
            }
            parts.add(ENV + found.getKey());
            from = best + found.getValue().length();
        }
        if (parts != null && from < value.length()) {
            parts.add(LITERAL + value.substring(from));
        }
        return parts;
    }

    /** The reference to where {@code value} is written in a YAML file of the project, or {@code null}. */
    private String writtenAt(String value) {
        byte[] needle = value.getBytes(StandardCharsets.UTF_8);
        for (String path : yamlFiles) {
            byte[] hay = contents(path);
            int at = hay == null ? -1 : indexOf(hay, needle);
            if (at >= 0) {
                return FILE + at + ":" + needle.length + ":" + path;
            }
        }
        return null;
    }

    @Override
    public String unseal(RecordCodec.Sealed sealed) {
        StringBuilder sb = new StringBuilder();
        for (String part : sealed.parts()) {
            if (part.startsWith(LITERAL)) {
                sb.append(part, 1, part.length());
            } else if (part.startsWith(ENV)) {
                String v = lookup.apply(part.substring(1));
                if (v == null) {
                    stale = true;
                } else {
                    sb.append(v);
                }
            } else if (part.startsWith(FILE)) {
                sb.append(slice(part));
            } else {
                throw new RecordCodec.Unsupported("unknown sealed part");
            }
        }
        return sb.toString();
    }

    private String slice(String part) {
        int colon = part.indexOf(':');
        int colon2 = part.indexOf(':', colon + 1);
        try {
            int offset = Integer.parseInt(part.substring(1, colon));
            int length = Integer.parseInt(part.substring(colon + 1, colon2));
            byte[] bytes = contents(part.substring(colon2 + 1));
            if (bytes != null && offset >= 0 && length >= 0 && offset + length <= bytes.length) {
                return new String(bytes, offset, length, StandardCharsets.UTF_8);
            }
        } catch (RuntimeException e) {
            // a damaged reference: the read is stale
        }
        stale = true;
        return "";
    }

    private byte[] contents(String path) {
        return contents.computeIfAbsent(path, p -> {
            try {
                return Files.readAllBytes(root.resolve(p));
            } catch (IOException | RuntimeException e) {
                return new byte[0];
            }
        });
    }

    /** Whether a reference could not be resolved on load (then the cache is not to be used). */
    boolean stale() {
        return stale;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
