package dev.kiln.internal.cache;

import dev.kiln.AnalysisReport;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.Node;
import dev.kiln.Project;
import dev.kiln.internal.render.RenderedNode;
import dev.kiln.internal.report.AtomicFile;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The delta file next to the partial-parse base ({@link PartialParse#DELTA}): what changed since
 * the base was written — the fingerprints that differ from the base's (and the files it no
 * longer has), the edited nodes' text and rendering, and the analyses that differ from the
 * base's. Small whatever the project's size, so an edit writes a few kilobytes, not the base.
 * Written whole to a temporary file and renamed ({@link AtomicFile}); it names the base it
 * belongs to (its random id), so that a delta left beside a newer base is ignored.
 */
final class CacheDelta {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CacheDelta.class);

    private CacheDelta() {
    }

    /**
     * {@code base} with {@code deltaFile} applied: newer fingerprints, the edited nodes' text and
     * rendering, and the analyses that differ from the base's. A delta written for another base
     * (or with another key) is ignored.
     */
    @SuppressWarnings("unchecked")
    static StoredCompile apply(StoredCompile base, Path deltaFile, String key, CacheSecrets secrets) throws IOException {
        byte[] all = Files.readAllBytes(deltaFile);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
        if (!PartialParse.FORMAT.equals(in.readUTF()) || !key.equals(in.readUTF()) || in.readLong() != base.baseId()) {
            LOG.debug("partial parse: {} belongs to another {}, ignored", PartialParse.DELTA, PartialParse.FILE);
            return base;
        }
        byte[] metaPart = new byte[in.readInt()];
        in.readFully(metaPart);
        byte[] part = new byte[in.readInt()];
        in.readFully(part);
        // changed fingerprints, files gone, scan time, env, manifest size and time
        Object[] meta = PartialParse.decode(metaPart, RecordCodec.Secrets.NONE);
        Object[] v = PartialParse.decode(part, secrets); // rendered nodes, analysis diagnostics, stats, changed analyses
        Map<String, InputFiles.Entry> files = new HashMap<>(base.baseFiles());
        files.putAll(PartialParse.files(meta[0]));
        files.keySet().removeAll((List<String>) meta[1]);
        List<RenderedNode> edited = (List<RenderedNode>) v[0];
        Map<String, RenderedNode> byId = new HashMap<>();
        edited.forEach(r -> byId.put(r.node().uniqueId(), r));
        Project p = base.project();
        Map<String, Node> nodes = new LinkedHashMap<>();
        p.nodes().forEach((id, n) -> nodes.put(id, byId.containsKey(id) ? byId.get(id).node() : n));
        Project patched = new Project(p.config(), java.util.Collections.unmodifiableMap(nodes), p.sources(),
                p.unitTests(), p.macros(), p.warnings(), p.exposures());
        List<RenderedNode> rendered = new ArrayList<>(base.rendered().size());
        base.rendered().forEach(r -> rendered.add(byId.getOrDefault(r.node().uniqueId(), r)));
        Map<String, ModelAnalysis> models = base.analysisModels();
        if (models != null && v[3] != null) {
            models = new LinkedHashMap<>(models);
            for (ModelAnalysis m : (List<ModelAnalysis>) v[3]) {
                models.put(m.uniqueId(), m);
            }
        }
        return new StoredCompile(files, (Long) meta[2], (Map<String, String>) meta[3], base.inputs(), patched, rendered,
                models == null ? null : (List<Diagnostic>) v[1], models, models == null ? null : (AnalysisReport.Stats) v[2],
                (Long) meta[4], (Long) meta[5], base.baseId(), base.baseFiles(), base.baseModels(), Set.copyOf(byId.keySet()));
    }

    /**
     * Writes the difference of this compile from {@code stored}'s base to {@code deltaFile};
     * {@code false} when the base should be written again instead (too many nodes edited since,
     * the analyses' order or presence changed).
     *
     * @param editedNow the nodes this compile rendered again
     * @param files     the fingerprints of the files the cache covers now
     * @param manifest  the manifest this compile wrote
     */
    static boolean write(Path deltaFile, String key, StoredCompile stored, Set<String> editedNow,
                         Map<String, InputFiles.Entry> files, long scannedAt, RecordingEnv env, BasicFileAttributes manifest,
                         List<RenderedNode> rendered, AnalysisReport analysis, CacheSecrets secrets) throws IOException {
        Set<String> ids = new HashSet<>(stored.deltaIds());
        ids.addAll(editedNow);
        if (ids.size() > PartialParse.MAX_DELTA || (analysis == null) != (stored.baseModels() == null)) {
            return false;
        }
        List<RenderedNode> edited = rendered.stream().filter(r -> ids.contains(r.node().uniqueId())).toList();
        List<ModelAnalysis> changed = null;
        if (analysis != null) {
            if (!sameKeys(analysis.models(), stored.baseModels())) {
                return false;
            }
            changed = new ArrayList<>();
            for (ModelAnalysis m : analysis.models().values()) {
                ModelAnalysis was = stored.baseModels().get(m.uniqueId());
                if (m != was && !m.equals(was)) {
                    changed.add(m);
                }
            }
            if (changed.size() > PartialParse.MAX_DELTA * 8) {
                return false;
            }
        }
        Map<String, List<Object>> newer = new TreeMap<>();
        files.forEach((path, e) -> {
            if (!e.equals(stored.baseFiles().get(path))) {
                newer.put(path, List.of(e.size(), e.modified(), e.hash()));
            }
        });
        List<String> gone = new ArrayList<>();
        for (String path : stored.baseFiles().keySet()) {
            if (!files.containsKey(path)) {
                gone.add(path);
            }
        }
        if (newer.size() + gone.size() > files.size() / 4) {
            return false; // a delta as large as the base would not be worth it
        }
        gone.sort(null);
        byte[] meta = PartialParse.encode(RecordCodec.Secrets.NONE, newer, gone, scannedAt, env.read(), manifest.size(),
                manifest.lastModifiedTime().toMillis(), "end");
        byte[] encoded = PartialParse.encode(secrets, edited, analysis == null ? null : analysis.diagnostics(),
                analysis == null ? null : analysis.stats(), changed, "end");
        if (env.leaksInto(new byte[][]{encoded})) {
            throw new RecordCodec.Unsupported("the project holds the value of an environment variable it read");
        }
        AtomicFile.write(deltaFile, "partial-parse", out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            data.writeUTF(PartialParse.FORMAT);
            data.writeUTF(key);
            data.writeLong(stored.baseId());
            data.writeInt(meta.length);
            data.write(meta);
            data.writeInt(encoded.length);
            data.write(encoded);
            data.flush();
        });
        LOG.debug("partial parse: kept as a delta of {} node(s), {} analyses, {} file fingerprint(s)", edited.size(),
                changed == null ? 0 : changed.size(), newer.size() + gone.size());
        return true;
    }

    /** Whether both maps hold the same keys in the same order. */
    private static boolean sameKeys(Map<String, ?> a, Map<String, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        java.util.Iterator<String> i = b.keySet().iterator();
        for (String k : a.keySet()) {
            if (!k.equals(i.next())) {
                return false;
            }
        }
        return true;
    }
}
