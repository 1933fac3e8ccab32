package dev.kiln.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The API keys of one exposure, compared in constant time: each key is hashed, and the hash
 * of the presented key is compared with every one of them without stopping early.
 */
final class ApiKeys {

    private final List<byte[]> hashes;

    ApiKeys(List<String> keys) {
        this.hashes = keys.stream().map(ApiKeys::sha256).toList();
    }

    boolean required() {
        return !hashes.isEmpty();
    }

    /** The key a request presents ({@code Authorization: Bearer …} or {@code X-API-Key}), or {@code null}. */
    static String presented(ApiRequest request) {
        String auth = request.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        String key = request.header("X-API-Key");
        return key == null ? null : key.trim();
    }

    boolean accepts(String key) {
        byte[] h = sha256(key);
        boolean ok = false;
        for (byte[] k : hashes) {
            ok |= MessageDigest.isEqual(h, k);
        }
        return ok;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
