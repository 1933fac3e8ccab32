package dev.kiln.internal.report;

import dev.kiln.Node;
import dev.kiln.ProjectConfig;
import dev.kiln.ResourceType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a node's artifacts live, as {@code /}-separated relative paths: its compiled SQL under
 * {@code target/compiled/<project>/}, and its path relative to its resource folder (dbt's
 * {@code path}).
 */
final class NodePaths {

    private final List<String> modelRoots;
    private final List<String> seedRoots;
    private final List<String> snapshotRoots;
    private final List<String> testRoots;

    /** @param paths the project's folders */
    NodePaths(ProjectConfig.Paths paths) {
        this.modelRoots = roots(paths.models());
        this.seedRoots = roots(paths.seeds());
        this.snapshotRoots = roots(paths.snapshots());
        this.testRoots = roots(paths.tests());
    }

    /**
     * The compiled SQL file of {@code node}, relative to {@code target/compiled/<project>/}, or
     * {@code null} for a seed or an exposure (nothing to compile). A node declared in YAML (a generic test, a
     * snapshot) gets {@code <yaml path without extension>/<name>.sql}.
     */
    static String compiled(Node node) {
        if (node.resourceType() == ResourceType.SEED || node.resourceType() == ResourceType.EXPOSURE) {
            return null;
        }
        String origin = safeRelative(slashes(node.origin().path()));
        if (origin.endsWith(".sql")) {
            return origin;
        }
        int dot = origin.lastIndexOf('.');
        String base = dot > origin.lastIndexOf('/') ? origin.substring(0, dot) : origin;
        return base + "/" + node.name() + ".sql";
    }

    /**
     * dbt's {@code path}: the defining file relative to the folder of its resource type
     * ({@code staging/stg_users.sql} for {@code models/staging/stg_users.sql}); for a generic
     * test, {@code <name>.sql}.
     */
    String resourcePath(Node node) {
        if (node.test() != null) {
            return node.name() + ".sql";
        }
        List<String> roots = switch (node.resourceType()) {
            case MODEL -> modelRoots;
            case SEED -> seedRoots;
            case SNAPSHOT -> snapshotRoots;
            case TEST -> testRoots;
            default -> List.of();
        };
        return stripRoot(safeRelative(slashes(node.origin().path())), roots);
    }

    /** {@code file} relative to the first of {@code roots} (project folders) that holds it, else {@code file} itself. */
    static String relativeTo(Path file, List<String> roots) {
        return stripRoot(safeRelative(slashes(file)), roots(roots));
    }

    private static String stripRoot(String file, List<String> rootsWithSlash) {
        for (String root : rootsWithSlash) {
            if (file.startsWith(root) && file.length() > root.length()) {
                return file.substring(root.length());
            }
        }
        return file;
    }

    /** Folders as {@code a/b/}, normalized, ready for {@code startsWith}. */
    private static List<String> roots(List<String> folders) {
        List<String> out = new ArrayList<>();
        for (String f : folders == null ? List.<String>of() : folders) {
            String r = safeRelative(f.replace('\\', '/'));
            if (!r.isEmpty()) {
                out.add(r + "/");
            }
        }
        return out;
    }

    /** {@code path} with {@code /} separators. */
    static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** {@code path} made safe to resolve under another folder: no root, no {@code .} or {@code ..} parts. */
    static String safeRelative(Path path) {
        return safeRelative(slashes(path));
    }

    /** {@code path} ({@code /}-separated) without a root and without empty, {@code .} or {@code ..} parts. */
    static String safeRelative(String path) {
        if (isPlain(path)) {
            return path;
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".") && !part.equals("..")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static boolean isPlain(String p) {
        return !p.isEmpty() && p.charAt(0) != '/' && p.charAt(p.length() - 1) != '/' && !p.contains("//")
                && !p.startsWith("./") && !p.startsWith("../") && !p.contains("/./") && !p.contains("/../")
                && !p.endsWith("/.") && !p.endsWith("/..") && !p.equals(".") && !p.equals("..");
    }
}
