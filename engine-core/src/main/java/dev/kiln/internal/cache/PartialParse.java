package dev.kiln.internal.cache;

import dev.kiln.AnalysisReport;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.Node;
import dev.kiln.Project;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.internal.render.RenderedNode;
import dev.kiln.internal.render.Renderer;
import dev.kiln.internal.report.AtomicFile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * dbt's partial parsing: the last successful {@code compile} kept in {@code target/partial_parse.bin}
 * with a fingerprint of everything it read — the project's input files ({@link InputFiles},
 * {@link #inputs}), the environment variables read (hashes of their values), {@code --vars}, the
 * target, the {@code kiln.*} system properties and Kiln's own build. When a later compile finds
 * <ul>
 *   <li>nothing changed: the loaded project, every rendered node and the analysis are reused, and
 *       the artifacts are left as they are when they are still the ones it wrote;</li>
 *   <li>only the text of model or singular-test SQL files changed (no file added, removed or
 *       renamed, no YAML, macro, seed or {@code kiln.yml} change): the project is reused with those
 *       nodes' text replaced, only they are rendered again, and link, analysis and artifacts run
 *       on the result (link re-resolves every {@code ref()}, so what depends on what an edited
 *       model declares — its relation, an ephemeral CTE — follows); only the difference from the
 *       base file is written, to {@link #DELTA};</li>
 *   <li>anything else, or any doubt: a full compile.</li>
 * </ul>
 * Credentials are kept out of both files by {@link CacheSecrets}. A cache that cannot be read is
 * ignored with a warning, and rewritten by the next compile.
 */
public final class PartialParse {

    /** The cache file in the target directory. */
    public static final String FILE = "partial_parse.bin";
    /** Bump when what is stored or its encoding changes. */
    static final String FORMAT = "kiln-partial-parse-2";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartialParse.class);

    /** What a reuse found. */
    public enum Outcome {
        /** Nothing read by the last compile changed. */
        UNCHANGED,
        /** Only model or singular-test SQL text changed: those nodes are rendered again. */
        EDITED,
        /** A full compile is needed (see the debug log for why). */
        FULL
    }

    /**
     * Everything besides the project's files that a compile depends on.
     *
     * @param kilnVersion  Kiln's version
     * @param target       the requested target ({@code null}: the default one)
     * @param threads      the {@code --threads} override, or {@code null}
     * @param vars         the {@code --vars} overrides
     * @param analyze      whether the analysis stage runs
     * @param strict       {@code --strict}
     * @param targetPath   the {@code --target-path} override, or {@code null}
     */
    public record Settings(String kilnVersion, String target, Integer threads, Map<String, Object> vars,
                           boolean analyze, boolean strict, Path targetPath) {

        /** A fingerprint of these settings, Kiln's class path and the {@code kiln.*} system properties. */
        String key() {
            StringBuilder sb = new StringBuilder(FORMAT).append('\n').append(kilnVersion).append('\n')
                    .append(target).append('\n').append(threads).append('\n').append(analyze).append(strict).append('\n')
                    .append(targetPath).append('\n').append(InputFiles.hash(encode(RecordCodec.Secrets.NONE, vars))).append('\n');
            new TreeMap<>(System.getProperties()).forEach((k, v) -> {
                if (String.valueOf(k).startsWith("kiln.")) {
                    sb.append(k).append('=').append(v).append('\n');
                }
            });
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                sb.append(entry);
                try {
                    Path p = Path.of(entry);
                    if (Files.isRegularFile(p)) {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        sb.append(':').append(a.size()).append(':').append(a.lastModifiedTime().toMillis());
                    }
                } catch (RuntimeException | IOException e) {
                    sb.append(":?");
                }
                sb.append('\n');
            }
            return InputFiles.hash(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Rendered nodes and analyses are stored in this many parts, read in parallel. */
    private static final int CHUNKS = 4;
    /** The delta file next to {@link #FILE}: what changed since it was written. */
    public static final String DELTA = "partial_parse.delta.bin";
    /** Past this many edited nodes (or changed analyses / 8) since the base was written, the base is written again. */
    static final int MAX_DELTA = 256;
    /** Files at the project root that the loader reads (besides the input folders). */
    static final List<String> ROOT_FILES = List.of("kiln.yml", "packages.yml", "dependencies.yml", "profiles.yml");

    private final Path root;
    private final Path file;
    private final String key;
    private final RecordingEnv env;
    private final Map<String, InputFiles.Entry> files;
    private final long scannedAt;
    /** The inputs the scan covered ({@code null}: every file of the project). */
    private final List<String> scannedInputs;
    private final StoredCompile stored;
    private final Outcome outcome;
    private final Map<String, String> editedText; // unique id → new text (EDITED)
    private final Project project;

    private PartialParse(Path root, Path file, String key, RecordingEnv env, Scan scan, StoredCompile stored, Outcome outcome,
                         Map<String, String> editedText, Project project) {
        this.root = root;
        this.file = file;
        this.key = key;
        this.env = env;
        this.files = scan == null ? null : scan.files();
        this.scannedAt = scan == null ? 0 : scan.at();
        this.scannedInputs = scan == null ? null : scan.inputs();
        this.stored = stored;
        this.outcome = outcome;
        this.editedText = editedText;
        this.project = project;
    }

    /** The project's files as found now, and when. */
    private record Scan(Map<String, InputFiles.Entry> files, long at, List<String> inputs) {
    }

    /**
     * Reads the cache of the project in {@code root} and compares it with the project as it is.
     *
     * @param targetDir where the cache lives (the project's target directory)
     * @param env       records the environment variables this compile reads
     * @param warn      receives the warning about an unreadable cache
     */
    public static PartialParse open(Path root, Path targetDir, Settings settings, RecordingEnv env,
                                    java.util.function.Consumer<List<Diagnostic>> warn) {
        Path file = targetDir.resolve(FILE);
        String key = settings.key();
        StoredCompile stored = null;
        String why = null;
        CacheSecrets secrets = CacheSecrets.reading(root, env.delegate());
        if (!Files.isRegularFile(file)) {
            why = "no " + FILE + " yet";
        } else {
            long t0 = System.nanoTime();
            try {
                stored = read(file, targetDir.resolve(DELTA), key, secrets);
                if (stored == null) {
                    why = "written by another version of Kiln, or the target, --vars, --threads, the analysis settings"
                            + " or Kiln changed";
                }
            } catch (IOException | RuntimeException e) {
                warn.accept(List.of(Diagnostic.warning("partial-parse-unreadable", SourcePosition.of(file),
                        "The partial parsing cache " + file + " cannot be read (" + e + "); compiling everything.",
                        "Nothing to do: this compile writes it again. --no-partial-parse turns the cache off.")));
                why = "unreadable cache";
            }
            LOG.debug("partial parse: {} read in {} ms", FILE, (System.nanoTime() - t0) / 1_000_000);
        }
        Scan scan;
        long t0 = System.nanoTime();
        try {
            scan = scan(root, targetDir, stored == null ? null : stored.inputs(), stored);
            LOG.debug("partial parse: {} files fingerprinted in {} ms", scan.files().size(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RecordCodec.Unsupported e) {
            LOG.debug("partial parse: off, {}", e.getMessage());
            return new PartialParse(root, file, key, env, null, null, Outcome.FULL, Map.of(), null);
        }
        if (stored == null) {
            return full(root, file, key, env, scan, why);
        }
        for (Map.Entry<String, String> e : stored.env().entrySet()) {
            // read through the recording lookup: this compile depends on it too, and its value is to be sealed
            if (!e.getValue().equals(RecordingEnv.hashOf(env.apply(e.getKey())))) {
                return full(root, file, key, env, scan, "environment variable " + e.getKey() + " changed");
            }
        }
        if (secrets.stale()) {
            return full(root, file, key, env, scan, "a value kept out of the cache (a secret) cannot be read back");
        }
        // compared in place, path by path (sorted): no map of hashes built for either side
        Map<String, InputFiles.Entry> now = scan.files();
        Map<String, InputFiles.Entry> before = stored.files();
        boolean sameFiles = now.size() == before.size();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, InputFiles.Entry> e : now.entrySet()) {
            InputFiles.Entry was = before.get(e.getKey());
            if (was == null) {
                sameFiles = false;
            } else if (!was.hash().equals(e.getValue().hash())) {
                changed.add(e.getKey());
            }
        }
        if (sameFiles && changed.isEmpty()) {
            LOG.debug("partial parse: nothing changed");
            return new PartialParse(root, file, key, env, scan, stored, Outcome.UNCHANGED, Map.of(), stored.project());
        }
        for (String f : ROOT_FILES) {
            if (!java.util.Objects.equals(hash(now, f), hash(before, f))) { // the inputs themselves may change: look at everything
                try {
                    scan = scan(root, targetDir, null, stored);
                } catch (RecordCodec.Unsupported e) {
                    LOG.debug("partial parse: off, {}", e.getMessage());
                    return new PartialParse(root, file, key, env, null, null, Outcome.FULL, Map.of(), null);
                }
                return full(root, file, key, env, scan, f + " changed");
            }
        }
        if (!sameFiles) {
            return full(root, file, key, env, scan, "files were added, removed or renamed");
        }
        return edited(root, file, key, env, scan, changed, before, stored);
    }

    private static String hash(Map<String, InputFiles.Entry> files, String path) {
        InputFiles.Entry e = files.get(path);
        return e == null ? null : e.hash();
    }

    /**
     * The fingerprints of the files under {@code inputs} ({@code null}: every file), from the walk
     * the up-to-date check just made of the same inputs when it handed one over (only the files
     * whose size or time differ are read), else from a walk of their own.
     */
    private static Scan scan(Path root, Path targetDir, List<String> inputs, StoredCompile stored) {
        InputFiles.Listing handed = InputFiles.take(root, targetDir, inputs);
        if (handed != null && stored != null) {
            LOG.debug("partial parse: the up-to-date check's walk of {} files used", handed.paths().size());
            return new Scan(InputFiles.scan(handed, stored.files(), stored.scannedAt()), handed.at(), inputs);
        }
        long at = System.currentTimeMillis();
        return new Scan(InputFiles.scan(root, targetDir, inputs, stored == null ? Map.of() : stored.files(),
                stored == null ? 0 : stored.scannedAt()), at, inputs);
    }

    /**
     * The base file last decoded in this JVM, for a long-lived process (the compiler daemon, an
     * embedding that compiles again): found again only when the file still starts with the same
     * key and the same random base id (every write draws a new one), and held softly.
     */
    private static volatile java.lang.ref.SoftReference<Remembered> remembered = new java.lang.ref.SoftReference<>(null);

    private record Remembered(Path file, String key, long baseId, StoredCompile base) {
    }

    /** The stored compile, or {@code null} when it was made with other settings or another Kiln. */
    private static StoredCompile read(Path file, Path deltaFile, String key, CacheSecrets secrets) throws IOException {
        StoredCompile base = recall(file, key);
        if (base == null) {
            base = readBase(file, key, secrets);
            if (base == null) {
                return null;
            }
            remembered = new java.lang.ref.SoftReference<>(new Remembered(file.toAbsolutePath().normalize(), key,
                    base.baseId(), base));
            base = copy(base);
        } else {
            LOG.debug("partial parse: {} already decoded in this process", FILE);
        }
        return Files.isRegularFile(deltaFile) ? CacheDelta.apply(base, deltaFile, key, secrets) : base;
    }

    /**
     * The remembered base when {@code file} is still that one (same key, same base id in its header).
     * What it holds depends on nothing but the file: the values it unsealed come from variables and
     * files whose hashes {@link #open} checks before anything stored is used.
     */
    private static StoredCompile recall(Path file, String key) {
        Remembered r = remembered.get();
        if (r == null || !r.file().equals(file.toAbsolutePath().normalize()) || !r.key().equals(key)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 512))) {
            if (FORMAT.equals(in.readUTF()) && key.equals(in.readUTF()) && in.readLong() == r.baseId()) {
                return copy(r.base());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("partial parse: cannot read the header of {}: {}", file, e.toString());
        }
        return null;
    }

    /** {@code base} with its own lists and maps, so that no caller can change the remembered one. */
    private static StoredCompile copy(StoredCompile base) {
        Map<String, ModelAnalysis> models = base.analysisModels() == null ? null : new LinkedHashMap<>(base.analysisModels());
        return new StoredCompile(new HashMap<>(base.files()), base.scannedAt(), new HashMap<>(base.env()),
                new ArrayList<>(base.inputs()), base.project(), new ArrayList<>(base.rendered()),
                base.analysisDiagnostics() == null ? null : new ArrayList<>(base.analysisDiagnostics()), models,
                base.analysisStats(),
                base.manifestSize(), base.manifestModified(), base.baseId(), base.baseFiles(), models, base.deltaIds());
    }

    /** The base file alone, or {@code null} when it was made with other settings or another Kiln. */
    @SuppressWarnings("unchecked")
    private static StoredCompile readBase(Path file, String key, CacheSecrets secrets) throws IOException {
        byte[] all = Files.readAllBytes(file);
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
        if (!FORMAT.equals(in.readUTF()) || !key.equals(in.readUTF())) {
            return null;
        }
        long baseId = in.readLong();
        int count = in.readInt();
        byte[][] parts = new byte[count][];
        for (int i = 0; i < count; i++) {
            parts[i] = new byte[in.readInt()];
            in.readFully(parts[i]);
        }
        Object[][] values = new Object[count][];
        java.util.stream.IntStream.range(0, count).parallel()
                .forEach(i -> values[i] = decode(parts[i], i == 0 ? RecordCodec.Secrets.NONE : secrets));
        // part 0: files, scan time, env, manifest size and time, inputs; 1: project; then rendered, then analysis chunks
        Object[] meta = values[0];
        List<RenderedNode> rendered = new ArrayList<>();
        Map<String, ModelAnalysis> models = null;
        List<Diagnostic> diagnostics = null;
        AnalysisReport.Stats stats = null;
        for (int i = 2; i < 2 + CHUNKS; i++) {
            rendered.addAll((List<RenderedNode>) values[i][0]);
        }
        if (values[2 + CHUNKS][0] != null) {
            diagnostics = (List<Diagnostic>) values[2 + CHUNKS][0];
            stats = (AnalysisReport.Stats) values[2 + CHUNKS][1];
            models = new LinkedHashMap<>();
            for (int i = 2 + CHUNKS; i < count; i++) {
                for (ModelAnalysis m : (List<ModelAnalysis>) values[i][values[i].length - 1]) {
                    models.put(m.uniqueId(), m);
                }
            }
        }
        Map<String, InputFiles.Entry> files = files(meta[0]);
        return new StoredCompile(files, (Long) meta[1], (Map<String, String>) meta[2], (List<String>) meta[5],
                (Project) values[1][0], rendered, diagnostics, models, stats, (Long) meta[3], (Long) meta[4], baseId,
                java.util.Collections.unmodifiableMap(new HashMap<>(files)), models, java.util.Set.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, InputFiles.Entry> files(Object stored) {
        Map<String, InputFiles.Entry> files = new HashMap<>();
        ((Map<String, List<Object>>) stored).forEach((k, v) -> files.put(k,
                new InputFiles.Entry((Long) v.get(0), (Long) v.get(1), (String) v.get(2))));
        return files;
    }

    static Object[] decode(byte[] part, RecordCodec.Secrets secrets) {
        try {
            RecordCodec.Reader r = new RecordCodec.Reader(part, secrets);
            List<Object> vs = new ArrayList<>();
            Object v;
            while (!"end".equals(v = r.read())) {
                vs.add(v);
            }
            return vs.toArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PartialParse full(Path root, Path file, String key, RecordingEnv env, Scan scan, String why) {
        LOG.debug("partial parse: full compile, {}", why);
        return new PartialParse(root, file, key, env, scan, null, Outcome.FULL, Map.of(), null);
    }

    /**
     * Only SQL text of existing nodes changed? Then the project with the new text.
     *
     * @param changed the files whose hash changed (none added or removed), sorted
     */
    private static PartialParse edited(Path root, Path file, String key, RecordingEnv env, Scan scan,
                                       List<String> changed, Map<String, InputFiles.Entry> before, StoredCompile stored) {
        java.util.Set<String> paths = new java.util.HashSet<>(changed);
        Map<String, List<Node>> byPath = new HashMap<>();
        for (Node n : stored.project().allNodes()) {
            String path = n.origin().path().toString().replace('\\', '/');
            if (paths.contains(path)) {
                byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(n);
            }
        }
        Map<String, String> text = new HashMap<>();
        for (String path : changed) {
            String old = before.get(path).hash();
            String hash = scan.files().get(path).hash();
            List<Node> nodes = byPath.getOrDefault(path, List.of());
            if (!path.endsWith(".sql") || nodes.size() != 1) {
                return full(root, file, key, env, scan, path + " changed");
            }
            Node n = nodes.get(0);
            boolean plain = n.resourceType() == ResourceType.MODEL
                    || n.resourceType() == ResourceType.TEST && n.test() == null;
            if (!plain || !old.equals(InputFiles.hash(n.rawCode().getBytes(StandardCharsets.UTF_8)))) {
                return full(root, file, key, env, scan, path + " changed and is not one model's text");
            }
            try {
                byte[] bytes = Files.readAllBytes(root.resolve(path));
                if (!InputFiles.hash(bytes).equals(hash)) {
                    return full(root, file, key, env, scan, path + " changed while reading it");
                }
                text.put(n.uniqueId(), StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException ex) {
                return full(root, file, key, env, scan, path + " is not UTF-8");
            } catch (IOException ex) {
                return full(root, file, key, env, scan, "cannot read " + path);
            }
        }
        Project p = stored.project();
        Map<String, Node> nodes = new LinkedHashMap<>();
        p.nodes().forEach((id, n) -> {
            String t = text.get(id);
            nodes.put(id, t == null ? n : new Node(n.uniqueId(), n.resourceType(), n.name(), n.origin(), t, n.config(),
                    n.docs(), n.test()));
        });
        Project patched = new Project(p.config(), java.util.Collections.unmodifiableMap(nodes), p.sources(),
                p.unitTests(), p.macros(), p.warnings(), p.exposures());
        LOG.debug("partial parse: {} node(s) edited: {}", text.size(), text.keySet());
        return new PartialParse(root, file, key, env, scan, stored, Outcome.EDITED, text, patched);
    }

    /** What was found. */
    public Outcome outcome() {
        return outcome;
    }

    /** The project to use instead of loading it, or {@code null} to load it. */
    public Project project() {
        return project;
    }

    /**
     * The rendered nodes of {@code current}: the stored ones for unchanged nodes, the others
     * rendered by {@code renderer} (all of them on a full compile).
     */
    public Renderer.Outcome render(Project current, Supplier<Renderer> renderer) {
        if (outcome == Outcome.FULL || current != project) {
            return renderer.get().renderAll(current.allNodes());
        }
        if (outcome == Outcome.UNCHANGED) {
            return new Renderer.Outcome(stored.rendered(), List.of());
        }
        List<Node> again = current.allNodes().stream().filter(n -> editedText.containsKey(n.uniqueId())).toList();
        Renderer.Outcome fresh = renderer.get().renderAll(again);
        Map<String, RenderedNode> byId = new HashMap<>(stored.rendered().size() * 2);
        stored.rendered().forEach(r -> byId.put(r.node().uniqueId(), r));
        fresh.nodes().forEach(r -> byId.put(r.node().uniqueId(), r));
        List<RenderedNode> out = new ArrayList<>(stored.rendered().size());
        for (Node n : current.allNodes()) {
            RenderedNode r = editedText.containsKey(n.uniqueId())
                    ? fresh.nodes().stream().filter(x -> x.node().uniqueId().equals(n.uniqueId())).findFirst().orElse(null)
                    : byId.get(n.uniqueId());
            if (r != null) {
                out.add(r);
            }
        }
        return new Renderer.Outcome(out, fresh.diagnostics());
    }

    /**
     * The stored analysis parts when nothing changed ({@code null} otherwise): diagnostics, models
     * and stats, for the caller to rebuild its report.
     */
    public StoredAnalysis analysis() {
        if (outcome != Outcome.UNCHANGED || stored.analysisModels() == null) {
            return null;
        }
        return new StoredAnalysis(stored.analysisDiagnostics(), stored.analysisModels(), stored.analysisStats());
    }

    /**
     * After an edit, the stored analyses of the models the edit cannot have changed: neither
     * edited nor downstream of an edited node in {@code linked}; {@code null} when every model is
     * to be analysed (no edit, no stored analysis, or a stored analysis with diagnostics of its own,
     * which are not kept per model).
     */
    public Map<String, ModelAnalysis> unaffectedAnalyses(dev.kiln.CompiledProject linked) {
        if (outcome != Outcome.EDITED || stored.analysisModels() == null) {
            return null;
        }
        for (Diagnostic d : stored.analysisDiagnostics()) {
            if (!("analysis-unknown".equals(d.code()) && d.position() == null)) { // only the summary is rebuilt
                return null;
            }
        }
        Map<String, List<String>> children = new HashMap<>();
        for (dev.kiln.CompiledNode n : linked.nodes()) {
            for (String parent : n.dependsOn()) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(n.uniqueId());
            }
        }
        java.util.Set<String> affected = new java.util.HashSet<>();
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(editedText.keySet());
        while (!queue.isEmpty()) {
            String id = queue.poll();
            if (affected.add(id)) {
                queue.addAll(children.getOrDefault(id, List.of()));
            }
        }
        Map<String, ModelAnalysis> out = new HashMap<>(stored.analysisModels());
        out.keySet().removeAll(affected);
        LOG.debug("partial parse: {} node(s) to analyse again, {} analyses kept", affected.size(), out.size());
        return out;
    }

    /**
     * The analysis a compile stored.
     *
     * @param diagnostics its diagnostics
     * @param models      analyses by unique id
     * @param stats       its counts and times
     */
    public record StoredAnalysis(List<Diagnostic> diagnostics, Map<String, ModelAnalysis> models, AnalysisReport.Stats stats) {
    }

    /**
     * Whether nothing changed and {@code manifest} is still the file the stored compile wrote,
     * so that the artifacts need not be written again.
     */
    public boolean artifactsCurrent(Path manifest, Path compiledDir) {
        if (outcome != Outcome.UNCHANGED || !Files.isDirectory(compiledDir)) {
            return false;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(manifest, BasicFileAttributes.class);
            return a.size() == stored.manifestSize() && a.lastModifiedTime().toMillis() == stored.manifestModified();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Keeps a successful compile for the next one; a value that cannot be stored, or a write that
     * fails, leaves no cache (never an error). After an edit (or when nothing changed but the
     * artifacts were written again), only the difference from the base file is written, to
     * {@link #DELTA}; the base is written again on a full compile, or when the difference grows
     * past {@link #MAX_DELTA} nodes.
     *
     * @param analysis the analysis, or {@code null} when it did not run
     * @param manifest the manifest this compile wrote
     */
    public void save(Project loaded, List<RenderedNode> rendered, AnalysisReport analysis, Path manifest) {
        if (files == null) {
            return;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(manifest, BasicFileAttributes.class);
            long t0 = System.nanoTime();
            List<String> inputs = inputs(loaded);
            Map<String, InputFiles.Entry> covered = coveredFiles(inputs);
            CacheSecrets secrets = new CacheSecrets(root, env.delegate(), env.values(),
                    covered.keySet().stream().filter(f -> f.endsWith(".yml") || f.endsWith(".yaml")).toList());
            if (stored != null && outcome != Outcome.FULL && loaded == project
                    && CacheDelta.write(file.resolveSibling(DELTA), key, stored, editedText.keySet(), covered, scannedAt,
                    env, a, rendered, analysis, secrets)) {
                LOG.debug("partial parse: delta written in {} ms", (System.nanoTime() - t0) / 1_000_000);
                return;
            }
            Map<String, List<Object>> fileList = new TreeMap<>();
            covered.forEach((k, v) -> fileList.put(k, List.of(v.size(), v.modified(), v.hash())));
            List<List<Object>> parts = new ArrayList<>();
            parts.add(List.of(fileList, scannedAt, env.read(), a.size(), a.lastModifiedTime().toMillis(), inputs));
            parts.add(List.of(loaded));
            for (List<RenderedNode> chunk : chunks(rendered)) {
                parts.add(List.of(chunk));
            }
            if (analysis == null) {
                parts.add(java.util.Arrays.asList((Object) null));
            } else {
                List<List<ModelAnalysis>> modelChunks = chunks(new ArrayList<>(analysis.models().values()));
                parts.add(List.of(analysis.diagnostics(), analysis.stats(), modelChunks.get(0)));
                for (int i = 1; i < modelChunks.size(); i++) {
                    parts.add(List.of(modelChunks.get(i)));
                }
            }
            byte[][] encoded = new byte[parts.size()][];
            java.util.stream.IntStream.range(0, parts.size()).parallel().forEach(i -> {
                List<Object> values = new ArrayList<>(parts.get(i));
                values.add("end");
                // part 0 is Kiln's own bookkeeping (paths, sizes, hashes of files and of variables' values)
                encoded[i] = encode(i == 0 ? RecordCodec.Secrets.NONE : secrets, values.toArray());
            });
            // a safety net: the policy seals every value read (part 0 holds paths and hashes only)
            if (env.leaksInto(java.util.Arrays.copyOfRange(encoded, 1, encoded.length))) {
                LOG.debug("partial parse: not kept, the project holds the value of an environment variable it read");
                discard();
                return;
            }
            long baseId = java.util.concurrent.ThreadLocalRandom.current().nextLong();
            AtomicFile.write(file, "partial-parse", out -> {
                DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
                data.writeUTF(FORMAT);
                data.writeUTF(key);
                data.writeLong(baseId);
                data.writeInt(encoded.length);
                for (byte[] part : encoded) {
                    data.writeInt(part.length);
                    data.write(part);
                }
                data.flush();
            });
            Files.deleteIfExists(file.resolveSibling(DELTA)); // it belonged to the old base (and would not match the new one)
        } catch (RecordCodec.Unsupported e) {
            LOG.debug("partial parse: not kept, {}", e.getMessage());
            discard();
        } catch (IOException | RuntimeException e) {
            LOG.debug("partial parse: not kept, {}", e.toString());
            discard();
        }
    }

    /**
     * What the fingerprint covers, relative to the project directory: {@link #ROOT_FILES}, the
     * model, seed, test, macro and snapshot paths and the packages' folders.
     */
    static List<String> inputs(Project loaded) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(ROOT_FILES);
        dev.kiln.ProjectConfig.Paths p = loaded.config().paths();
        for (List<String> dirs : List.of(p.models(), p.seeds(), p.tests(), p.macros(), p.snapshots())) {
            for (String d : dirs) {
                out.add(normal(Path.of(d)));
            }
        }
        Path projectRoot = loaded.config().root().toAbsolutePath().normalize();
        for (dev.kiln.KilnPackage pkg : loaded.config().packages()) {
            out.add(normal(projectRoot.relativize(pkg.dir().toAbsolutePath().normalize())));
        }
        return List.copyOf(out);
    }

    private static String normal(Path relative) {
        return relative.normalize().toString().replace('\\', '/');
    }

    /**
     * The fingerprints of the files under {@code inputs}, sorted by path: all of them when the
     * scan covered exactly those inputs.
     */
    private Map<String, InputFiles.Entry> coveredFiles(List<String> inputs) {
        if (inputs.equals(scannedInputs) && files instanceof java.util.SortedMap) {
            return files;
        }
        Map<String, InputFiles.Entry> covered = new TreeMap<>();
        files.forEach((k, v) -> {
            if (covered(k, inputs)) {
                covered.put(k, v);
            }
        });
        return covered;
    }

    /** Whether the relative path {@code file} is one of {@code inputs} or under one of them. */
    static boolean covered(String file, List<String> inputs) {
        for (String in : inputs) {
            if (in.isEmpty() || file.equals(in) || file.startsWith(in + "/")) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>(CHUNKS);
        int size = (all.size() + CHUNKS - 1) / CHUNKS;
        for (int i = 0; i < CHUNKS; i++) {
            out.add(new ArrayList<>(all.subList(Math.min(all.size(), i * size), Math.min(all.size(), (i + 1) * size))));
        }
        return out;
    }

    /**
     * After the artifacts and the cache were written (or found current), records what this
     * compile read, wrote and found for {@link UpToDate#check}; a compile that warned, or whose
     * cache was not kept, is not recorded (and an older record is removed).
     *
     * @param linked the compiled project
     * @param tree   its compiled tree as written
     * @param warned whether the compile told of any warning
     */
    public void recordUpToDate(dev.kiln.CompiledProject linked, dev.kiln.internal.report.CompiledSqlWriter.Tree tree,
                               boolean warned) {
        Path targetDir = file.getParent();
        if (files == null || warned || !Files.isRegularFile(file)) {
            UpToDate.forget(targetDir);
            return;
        }
        try {
            long t0 = System.nanoTime();
            List<String> inputs = inputs(linked.project());
            Map<String, InputFiles.Entry> covered = coveredFiles(inputs);
            UpToDate.record(targetDir, key, covered, scannedAt, env.read(), inputs, tree,
                    dev.kiln.ResourceCounts.of(linked).counts(), linked.nodeCounts());
            LOG.debug("partial parse: up-to-date record written in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            LOG.debug("partial parse: {} not written, {}", UpToDate.FILE, e.toString());
            UpToDate.forget(targetDir);
        }
    }

    /** Removes the cache (a compile that asked the warehouse cannot be reused). */
    public void discard() {
        UpToDate.forget(file.getParent());
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(DELTA));
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", file, e.toString());
        }
    }

    /** {@code value} in the codec's encoding, strings sealed by {@code secrets}. */
    static byte[] encode(RecordCodec.Secrets secrets, Object... values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes, 1 << 16))) {
            RecordCodec.Writer w = new RecordCodec.Writer(out, secrets);
            for (Object v : values) {
                w.write(v);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** The environment lookup to render with: it records what is read. */
    public Function<String, String> env() {
        return env;
    }
}
