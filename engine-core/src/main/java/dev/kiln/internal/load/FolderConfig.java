package dev.kiln.internal.load;

import dev.kiln.SourcePosition;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folder-level configuration from {@code kiln.yml} ({@code models:}, {@code seeds:},
 * {@code snapshots:}, {@code data_tests:}): keys starting with {@code +} are config, other
 * keys name sub-folders (or, at the leaf, a resource's name). Config is inherited downwards.
 */
public final class FolderConfig {

    private final Map<String, Object> config;
    private final Map<String, FolderConfig> children;
    private final SourcePosition position;
    private final String path;
    private final Set<String> used;

    private FolderConfig(Map<String, Object> config, Map<String, FolderConfig> children,
                         SourcePosition position, String path, Set<String> used) {
        this.config = config;
        this.children = children;
        this.position = position;
        this.path = path;
        this.used = used;
    }

    /** An empty tree. */
    public static FolderConfig empty() {
        return new FolderConfig(Map.of(), Map.of(), null, "", new HashSet<>());
    }

    /**
     * Reads a folder tree. A first-level key equal to the project name is skipped into, as dbt
     * writes {@code models: datavision: staging: …}.
     */
    public static FolderConfig read(YNode node, String section, String projectName, Set<String> allowedKeys,
                                    YamlReader reader) {
        YNode.YMap map = reader.map(node, "'" + section + ":' in kiln.yml");
        if (map == null) {
            return empty();
        }
        FolderConfig tree = read(map, section, allowedKeys, reader, "", new HashSet<>());
        FolderConfig named = tree.children.get(projectName);
        if (named != null) {
            Map<String, FolderConfig> merged = new LinkedHashMap<>(tree.children);
            merged.remove(projectName);
            merged.putAll(named.children);
            return new FolderConfig(ConfigKeys.merge(tree.config, named.config), merged, tree.position, "", tree.used);
        }
        return tree;
    }

    private static FolderConfig read(YNode.YMap map, String section, Set<String> allowedKeys, YamlReader reader,
                                     String path, Set<String> used) {
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, FolderConfig> children = new LinkedHashMap<>();
        map.entries().forEach((key, value) -> {
            SourcePosition at = map.keyPosition(key);
            if (key.startsWith("+")) {
                String k = ConfigKeys.canonical(key.substring(1));
                if (!allowedKeys.contains(k)) {
                    reader.error("unknown-config", at, "Unknown config '" + key + "' in '" + section + ":'.",
                            dev.kiln.internal.util.Suggest.didYouMean(k, allowedKeys,
                                    "See docs/reference.md for the config keys."));
                }
                config.put(k, ConfigKeys.HOOKS.contains(k) && config.containsKey(k)
                        ? ConfigKeys.concat(config.get(k), value.plain()) : value.plain());
            } else if (value instanceof YNode.YMap child) {
                String childPath = path.isEmpty() ? key : path + "/" + key;
                children.put(key, read(child, section, allowedKeys, reader, childPath, used));
            } else if (allowedKeys.contains(key)) {
                reader.error("config-without-plus", at, "'" + key + "' under '" + section
                        + ":' reads as a folder name.", "Write '+" + key + "' to set the config.");
            } else {
                reader.error("wrong-type", at, "'" + key + "' under '" + section
                        + ":' must be a folder (a mapping) or a '+config' key.", null);
            }
        });
        return new FolderConfig(config, children, map.position(), path, used);
    }

    /**
     * The config for a resource in {@code folders} (relative to its resource path) named {@code name},
     * merging each level over its parent.
     */
    public Map<String, Object> resolve(List<String> folders, String name) {
        Map<String, Object> out = config;
        FolderConfig level = this;
        for (int i = 0; i <= folders.size(); i++) {
            String segment = i < folders.size() ? folders.get(i) : name;
            FolderConfig next = level.children.get(segment);
            if (next == null) {
                break;
            }
            synchronized (used) {
                used.add(next.path);
            }
            out = ConfigKeys.merge(out, next.config);
            level = next;
        }
        return out;
    }

    /** Positions of folder entries that matched no resource, by their path. */
    public Map<String, SourcePosition> unused() {
        Map<String, SourcePosition> out = new LinkedHashMap<>();
        collectUnused(out);
        return out;
    }

    private void collectUnused(Map<String, SourcePosition> out) {
        children.values().forEach(c -> {
            if (!used.contains(c.path)) {
                out.put(c.path, c.position);
            } else {
                c.collectUnused(out);
            }
        });
    }
}
