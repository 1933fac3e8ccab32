package dev.kiln.internal.load;

import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.internal.util.Suggest;
import dev.kiln.internal.yaml.YamlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the nodes of a project from its files and YAML: models, seeds and snapshots with
 * their merged config and docs, then the data tests declared on them and on sources.
 */
final class NodeAssembler {

    private static final Pattern RELATION = Pattern.compile(
            "\\s*(ref\\(\\s*['\"][^'\"]+['\"]\\s*\\)|source\\(\\s*['\"][^'\"]+['\"]\\s*,\\s*['\"][^'\"]+['\"]\\s*\\))\\s*");

    /** What the loader hands over. */
    record Input(String project, ProjectFiles files, List<SchemaFile> schemas,
                 Map<ResourceType, FolderConfig> folders, dev.kiln.ProjectConfig.Paths paths) {
    }

    private final Input in;
    private final YamlReader reader;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, SourceTable> sources = new LinkedHashMap<>();
    private final Map<String, SourcePosition> refableNames = new HashMap<>();

    NodeAssembler(Input in, YamlReader reader) {
        this.in = in;
        this.reader = reader;
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    Map<String, SourceTable> sources() {
        return sources;
    }

    void assemble() {
        Map<String, Located<Patch>> modelPatches = patches(ResourceType.MODEL);
        Map<String, Located<Patch>> seedPatches = patches(ResourceType.SEED);
        in.files().models().forEach((path, text) -> addModel(path, text, modelPatches.remove(stem(path))));
        in.files().seeds().forEach(path -> addSeed(path, seedPatches.remove(stem(path))));
        for (SchemaFile f : in.schemas()) {
            f.snapshots().forEach(p -> addSnapshot(f.path(), p));
            f.sources().forEach(s -> addSource(s.table()));
        }
        reportOrphans(modelPatches, "model", "models/**.sql", in.files().models().keySet());
        reportOrphans(seedPatches, "seed", "seeds/**.csv", in.files().seeds());
        addTests();
    }

    private record Located<T>(T value, Path file) {
    }

    private Map<String, Located<Patch>> patches(ResourceType type) {
        Map<String, Located<Patch>> out = new LinkedHashMap<>();
        for (SchemaFile f : in.schemas()) {
            for (Patch p : type == ResourceType.MODEL ? f.models() : f.seeds()) {
                Located<Patch> prev = out.put(p.name(), new Located<>(p, f.path()));
                if (prev != null) {
                    reader.error("duplicate-patch", p.position(), type.dbtName() + " '" + p.name()
                            + "' is described twice (also at " + prev.value().position() + ").", "Keep one entry.");
                }
            }
        }
        return out;
    }

    private void reportOrphans(Map<String, Located<Patch>> left, String kind, String where, java.util.Collection<String> files) {
        List<String> names = files.stream().map(NodeAssembler::stem).toList();
        left.values().forEach(p -> reader.error("unknown-" + kind, p.value().position(),
                "YAML describes " + kind + " '" + p.value().name() + "', but there is no such " + kind + " (" + where + ").",
                Suggest.didYouMean(p.value().name(), names, "Create the file or remove the entry.")));
    }

    private void addModel(String path, String text, Located<Patch> patch) {
        String name = stem(path);
        List<String> folders = folderParts(path, in.paths().models());
        Map<String, Object> config = in.folders().get(ResourceType.MODEL).resolve(folders, name);
        NodeDocs docs = NodeDocs.NONE;
        if (patch != null) {
            config = ConfigKeys.merge(config, patch.value().config());
            docs = new NodeDocs(patch.value().description(), patch.value().columns(), patch.value().constraints());
        }
        put(new Node("model." + in.project() + "." + name, ResourceType.MODEL, name,
                origin(path, new SourcePosition(Path.of(path), 1, 1), folders, name), text,
                new NodeConfig(config), docs, null));
    }

    private void addSeed(String path, Located<Patch> patch) {
        String name = stem(path);
        List<String> folders = folderParts(path, in.paths().seeds());
        Map<String, Object> config = in.folders().get(ResourceType.SEED).resolve(folders, name);
        NodeDocs docs = NodeDocs.NONE;
        if (patch != null) {
            config = ConfigKeys.merge(config, patch.value().config());
            docs = new NodeDocs(patch.value().description(), patch.value().columns(), patch.value().constraints());
        }
        put(new Node("seed." + in.project() + "." + name, ResourceType.SEED, name,
                origin(path, SourcePosition.of(Path.of(path)), folders, name), "", new NodeConfig(config), docs, null));
    }

    private void addSnapshot(Path yaml, Patch p) {
        if (p.relation() == null) {
            return;
        }
        if (!RELATION.matcher(p.relation()).matches()) {
            reader.error("bad-relation", p.position(), "Snapshot '" + p.name() + "' has relation '" + p.relation()
                    + "'.", "Write relation: ref('model') or relation: source('source', 'table').");
            return;
        }
        String file = yaml.toString().replace('\\', '/');
        List<String> folders = folderParts(file, in.paths().snapshots());
        Map<String, Object> config = ConfigKeys.merge(
                in.folders().get(ResourceType.SNAPSHOT).resolve(folders, p.name()), p.config());
        checkSnapshotConfig(p, config);
        Map<String, Object> withDefault = new LinkedHashMap<>(config);
        withDefault.put("materialized", "snapshot");
        put(new Node("snapshot." + in.project() + "." + p.name(), ResourceType.SNAPSHOT, p.name(),
                origin(file, p.position(), folders, p.name()), "select * from ${" + p.relation().strip() + "}\n",
                new NodeConfig(withDefault), new NodeDocs(p.description(), p.columns(), p.constraints()), null));
    }

    private void checkSnapshotConfig(Patch p, Map<String, Object> config) {
        String what = "snapshot '" + p.name() + "'";
        if (config.get("unique_key") == null) {
            reader.error("missing-config", p.position(), what + " needs config 'unique_key'.", null);
        }
        Object strategy = config.get("strategy");
        if ("timestamp".equals(strategy)) {
            if (config.get("updated_at") == null) {
                reader.error("missing-config", p.position(), what + " uses strategy 'timestamp' but has no 'updated_at'.",
                        "Name the column that changes when a row changes.");
            }
        } else if ("check".equals(strategy)) {
            if (config.get("check_cols") == null) {
                reader.error("missing-config", p.position(), what + " uses strategy 'check' but has no 'check_cols'.",
                        "List the columns to compare, or write check_cols: all.");
            }
        } else {
            reader.error("bad-config", p.position(), what + " has strategy '" + strategy + "'.",
                    "Use strategy: timestamp or strategy: check.");
        }
        Object hd = config.get("hard_deletes");
        if (hd != null && !List.of("ignore", "invalidate", "new_record").contains(String.valueOf(hd))) {
            reader.error("bad-config", p.position(), what + " has hard_deletes '" + hd + "'.",
                    "Use ignore, invalidate or new_record.");
        }
    }

    private void addSource(SourceTable t) {
        SourceTable prev = sources.put(t.uniqueId(), t);
        if (prev != null) {
            reader.error("duplicate-source", t.origin().position(), "Source table " + t.sourceName() + "." + t.name()
                    + " is declared twice (also at " + prev.origin().position() + ").", "Keep one declaration.");
        }
    }

    private void put(Node node) {
        SourcePosition prev = refableNames.putIfAbsent(node.name(), node.origin().position());
        if (prev != null) {
            reader.error("duplicate-name", node.origin().position(), "Two resources are named '" + node.name()
                    + "' (the other is " + prev + ").", "ref() must be unambiguous: rename one of them.");
            return;
        }
        nodes.put(node.uniqueId(), node);
    }

    private void addTests() {
        GenericTests generics = new GenericTests(in.files().genericTests());
        TestNodeFactory tests = new TestNodeFactory(in.project(), generics, in.folders().get(ResourceType.TEST), reader);
        List<Node> testNodes = new ArrayList<>();
        for (SchemaFile f : in.schemas()) {
            String file = f.path().toString().replace('\\', '/');
            List<String> folders = folderParts(file, allSchemaRoots());
            attach(f.models(), ResourceType.MODEL, f.path(), folders, tests, testNodes);
            attach(f.seeds(), ResourceType.SEED, f.path(), folders, tests, testNodes);
            attach(f.snapshots(), ResourceType.SNAPSHOT, f.path(), folders, tests, testNodes);
            for (SourceDecl s : f.sources()) {
                SourceTable t = s.table();
                testNodes.addAll(tests.generic(t.uniqueId(), "source_" + t.sourceName() + "_" + t.name(), s.tests(),
                        f.path(), folders));
            }
        }
        in.files().tests().forEach((path, text) -> testNodes.add(tests.singular(path, text,
                folderParts(path, in.paths().tests()))));
        testNodes.forEach(t -> {
            if (nodes.putIfAbsent(t.uniqueId(), t) != null) {
                reader.error("duplicate-name", t.origin().position(), "Two tests are named '" + t.name() + "'.",
                        "Rename the singular test file.");
            }
        });
    }

    private void attach(List<Patch> patches, ResourceType type, Path yaml, List<String> folders,
                        TestNodeFactory tests, List<Node> out) {
        for (Patch p : patches) {
            String id = type.dbtName() + "." + in.project() + "." + p.name();
            if (nodes.containsKey(id)) {
                out.addAll(tests.generic(id, p.name(), p.tests(), yaml, folders));
            }
        }
    }

    private List<String> allSchemaRoots() {
        List<String> roots = new ArrayList<>(in.paths().models());
        roots.addAll(in.paths().seeds());
        roots.addAll(in.paths().snapshots());
        return roots;
    }

    private NodeOrigin origin(String path, SourcePosition position, List<String> folders, String name) {
        List<String> fqn = new ArrayList<>(folders.size() + 2);
        fqn.add(in.project());
        fqn.addAll(folders);
        fqn.add(name);
        return new NodeOrigin(Path.of(path), position, fqn);
    }

    static String stem(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    /** The folders between the resource root that contains {@code path} and the file. */
    static List<String> folderParts(String path, List<String> roots) {
        for (String root : roots) {
            String prefix = root.endsWith("/") ? root : root + "/";
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                int slash = rest.lastIndexOf('/');
                return slash < 0 ? List.of() : Arrays.asList(rest.substring(0, slash).split("/"));
            }
        }
        return List.of();
    }
}
