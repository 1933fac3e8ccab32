package dev.kiln.internal.analyze;

import dev.kiln.ColumnSpec;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.NodeDocs;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;
import dev.kiln.internal.util.Murmur3;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole results of the last two runs, {@code <cacheDir>/last-run-<fingerprint>.bin}, each
 * valid while nothing that analysis reads has changed: every node's compiled SQL, template,
 * relation, dependencies and documented columns, every source, each seed's CSV header, the
 * options and the dialect's rendering. Then a run reads the result instead of resolving lineage
 * again (the common case of {@code kiln compile} on an unchanged project; two, because
 * {@code kiln run} compiles twice and an incremental model's SQL differs between the two); on
 * any change, {@link AnalysisCache} still spares the parsing of unchanged models.
 */
final class RunCache {

    /**
     * A stored result.
     *
     * @param models      analyses by unique id
     * @param diagnostics the diagnostics of that run
     */
    record Result(Map<String, ModelAnalysis> models, List<Diagnostic> diagnostics) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunCache.class);
    /** Results kept: {@code kiln run} compiles twice, and incremental models' SQL differs between the two. */
    private static final int KEEP = 2;
    private static final String PREFIX = "last-run-";
    private static final String SUFFIX = ".bin";

    private final Path file;
    private final byte[] fingerprint;

    private RunCache(Path file, byte[] fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** The run cache of {@code project} in {@code dir} ({@code null}: none). */
    static RunCache of(Path dir, CompiledProject project, List<CompiledNode> analysed, AnalyzerOptions options) {
        if (dir == null) {
            return new RunCache(null, null);
        }
        byte[] fingerprint = fingerprint(project, analysed, options);
        return new RunCache(dir.resolve(PREFIX + java.util.HexFormat.of().formatHex(fingerprint, 0, 8) + SUFFIX),
                fingerprint);
    }

    /** The stored result, if the project has not changed since it was stored. */
    Result load() {
        if (file == null) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            byte[] stored = new byte[fingerprint.length];
            in.get(stored);
            if (!Arrays.equals(stored, fingerprint)) {
                return null;
            }
            Map<String, ModelAnalysis> models = ReportCodec.readModels(in);
            Result result = new Result(models, ReportCodec.readDiagnostics(in));
            touch();
            return result;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            LOG.debug("Ignoring {}: {}", file, e.toString());
            return null;
        }
    }

    /** Stores a run's result; a failure is only logged. */
    void save(Map<String, ModelAnalysis> models, List<Diagnostic> diagnostics) {
        if (file == null) {
            return;
        }
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                out.write(fingerprint);
                ReportCodec.write(out, models, diagnostics);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            touch();
            prune();
        } catch (IOException e) {
            LOG.warn("Could not write {}: {}", file, e.toString());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Marks the result as used, so that {@link #prune} keeps it. */
    /**
     * Marks this result as the one used last: its modification time becomes later than every
     * other result's, even within one tick of the clock (prune keeps the newest).
     */
    private void touch() {
        try {
            long newest = 0;
            for (Path other : others()) {
                newest = Math.max(newest, modified(other).toMillis());
            }
            long stamp = Math.max(System.currentTimeMillis(), newest + 1);
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(stamp));
        } catch (IOException e) {
            LOG.debug("Could not touch {}: {}", file, e.toString());
        }
    }

    /** Deletes all but the {@value #KEEP} newest results (this one among them). */
    private void prune() throws IOException {
        List<Path> results = others().stream().sorted(java.util.Comparator.comparing(RunCache::modified).reversed())
                .toList();
        for (Path old : results.subList(Math.min(results.size(), KEEP - 1), results.size())) {
            Files.deleteIfExists(old);
        }
        Files.deleteIfExists(file.resolveSibling("last-run.bin")); // the one result that earlier versions kept
    }

    /** The other stored results. */
    private List<Path> others() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(file.getParent())) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(PREFIX) && n.endsWith(SUFFIX) && !f.equals(file);
            }).toList();
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    private static byte[] fingerprint(CompiledProject project, List<CompiledNode> analysed, AnalyzerOptions options) {
        Digest d = new Digest();
        d.add(AnalysisCache.FORMAT).add(options.dialect().getClass().getName()).add(options.dialect().name())
                .add(options.dialect().render(new Relation("d", "s", "t"))).add(options.dialect().render(Relation.of("s", "t")))
                .add(options.defaultSchema()).add(String.valueOf(options.strict()))
                .add(options.syntaxChecker() == null ? "-" : options.syntaxChecker().id())
                .add(project.project().config().root().toAbsolutePath().toString());
        d.add(String.valueOf(analysed.size()));
        for (CompiledNode n : analysed) {
            d.add(n.compiledSql()).add(n.node().rawCode()).add(n.node().origin().path().toString())
                    .add(n.node().origin().position().toString());
        }
        for (CompiledNode n : project.nodes()) {
            d.add(n.uniqueId()).add(n.resourceType().name()).add(n.name()).add(n.config().materialized());
            relation(d, n.relation());
            d.add(n.dependsOn().toString()).add(n.sources().toString());
            d.add(String.valueOf(n.config().get("contract").orElse(null))); // enforced: its documented columns are all
            docs(d, n.node().docs());
            if (n.resourceType() == ResourceType.SNAPSHOT) { // the names of the columns it adds
                d.add(String.valueOf(n.config().get("snapshot_meta_column_names").orElse(null)));
            }
            if (n.resourceType() == ResourceType.SEED) {
                d.add(Schemas.csvHeader(project.project().config().root().resolve(n.node().origin().path())).toString());
            }
        }
        for (SourceTable s : project.project().sources().values()) {
            d.add(s.uniqueId()).add(s.sourceName()).add(s.name()).add(String.valueOf(s.externalLocation()));
            if (s.externalLocation() != null) { // a source on files: their columns are part of its schema
                d.add(SourceFiles.columns(project.project().config().root(), s.externalLocation()).toString());
            }
            relation(d, s.relation());
            docs(d, s.docs());
        }
        new java.util.TreeMap<>(options.sourceColumns()).forEach((id, cols) -> d.add(id).add(cols.toString()));
        return d.digest();
    }

    private static void relation(Digest d, Relation r) {
        d.add(r == null ? "-" : r.database() + "\u0001" + r.schema() + "\u0001" + r.identifier());
    }

    private static void docs(Digest d, NodeDocs docs) {
        if (docs != null) {
            for (ColumnSpec c : docs.columns()) {
                d.add(c.name());
            }
        }
        d.add("\u0002");
    }

    /**
     * A 128-bit {@link Murmur3} hash over strings, each as its UTF-8 byte length and bytes,
     * gathered in a reused buffer and hashed in blocks (this runs on every compile).
     */
    private static final class Digest {
        private final Murmur3 md = new Murmur3();
        private final byte[] buf = new byte[1 << 14];
        private int len;

        Digest add(String s) {
            // UTF-8 after the byte length: a prefix-free code; String's own encoder is far faster
            // than a loop over chars in a young JVM
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            room(4);
            buf[len++] = (byte) (n >>> 24);
            buf[len++] = (byte) (n >>> 16);
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) n;
            if (n > buf.length - len) {
                md.update(buf, 0, len);
                len = 0;
                md.update(bytes, 0, n);
            } else {
                System.arraycopy(bytes, 0, buf, len, n);
                len += n;
            }
            return this;
        }

        private void room(int bytes) {
            if (len + bytes > buf.length) {
                md.update(buf, 0, len);
                len = 0;
            }
        }

        byte[] digest() {
            md.update(buf, 0, len);
            len = 0;
            return md.digest();
        }
    }
}
