package dev.kiln.internal.analyze;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parse results by checksum of a model's compiled SQL (and the relations rendered into it), in
 * one file, {@code <cacheDir>/analysis.bin}. The file's header names the analyzer version, the
 * dialect and the syntax checker; a file with another header is ignored. A run keeps the entries
 * it used and, up to as many again, entries it did not (so that the two variants of an
 * incremental model's SQL, with and without {@code is_incremental()}, both stay cached); the rest
 * are dropped. A damaged or unreadable file is never an error: the models are parsed again.
 */
final class AnalysisCache {

    /** Bump when the parse results or their encoding change. */
    static final String FORMAT = "kiln-analysis-5"; // 5: documented source columns are not complete

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisCache.class);
    private static final String FILE = "analysis.bin";
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final Path file;
    private final String header;
    private final Map<String, byte[]> stored;
    private final Map<String, byte[]> used = new ConcurrentHashMap<>();
    private final AtomicInteger added = new AtomicInteger();

    private AnalysisCache(Path file, String header, Map<String, byte[]> stored) {
        this.file = file;
        this.header = header;
        this.stored = stored;
    }

    /** The cache in {@code dir} (none when {@code dir} is null) for runs described by {@code header}. */
    static AnalysisCache open(Path dir, String header) {
        if (dir == null) {
            return new AnalysisCache(null, header, Map.of());
        }
        Path f = dir.resolve(FILE);
        return new AnalysisCache(f, header, read(f, FORMAT + "\n" + header));
    }

    /** The key of a model's SQL. */
    static String key(String sql, List<String> rendered) {
        MessageDigest md = DIGEST.get();
        md.reset();
        md.update(sql.getBytes(StandardCharsets.UTF_8));
        for (String r : rendered) {
            md.update((byte) 0);
            md.update(r.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The cached result for {@code key}, or {@code null}. */
    ParsedModel get(String key) {
        byte[] data = stored.get(key);
        if (data == null) {
            return null;
        }
        try {
            ParsedModel m = ShapeCodec.decode(data);
            used.put(key, data);
            return m;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Remembers a fresh result. */
    void put(String key, ParsedModel model) {
        used.put(key, ShapeCodec.encode(model));
        added.incrementAndGet();
    }

    /** Writes the entries this run used, if anything changed. */
    void save() {
        if (file == null || added.get() == 0 && stored.size() <= 2 * used.size()) {
            // nothing new, and nothing that would be dropped: the file already says it all
            return;
        }
        Path temp = file.resolveSibling("." + FILE + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                Map<String, byte[]> kept = new java.util.LinkedHashMap<>(used);
                for (Map.Entry<String, byte[]> e : stored.entrySet()) {
                    if (kept.size() >= 2 * used.size()) {
                        break;
                    }
                    kept.putIfAbsent(e.getKey(), e.getValue());
                }
                out.writeUTF(FORMAT + "\n" + header);
                out.writeInt(kept.size());
                for (Map.Entry<String, byte[]> e : kept.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    out.write(e.getValue());
                }
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Could not write the analysis cache {}: {}", file, e.toString());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private static Map<String, byte[]> read(Path f, String header) {
        try (InputStream raw = Files.newInputStream(f);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (!header.equals(in.readUTF())) {
                return Map.of();
            }
            int n = in.readInt();
            Map<String, byte[]> out = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                int len = in.readInt();
                byte[] data = in.readNBytes(len);
                if (data.length != len) {
                    throw new IOException("truncated");
                }
                out.put(key, data);
            }
            return out;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Ignoring the analysis cache {}: {}", f, e.toString());
            return Map.of();
        }
    }
}
