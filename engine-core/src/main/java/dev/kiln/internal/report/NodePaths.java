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

    private final ProjectConfig.Paths paths;

    /** @param paths the project's folders */
    NodePaths(ProjectConfig.Paths paths) {
        this.paths = paths;
    }

    /**
     * The compiled SQL file of {@code node}, relative to {@code target/compiled/<project>/}, or
     * {@code null} for a seed (nothing to compile). A node declared in YAML (a generic test, a
     * snapshot) gets {@code <yaml path without extension>/<name>.sql}.
     */
    static String compiled(Node node) {
        if (node.resourceType() == ResourceType.SEED) {
            return null;
        }
        String origin = safeRelative(node.origin().path());
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
        return relativeTo(node.origin().path(), roots(node.resourceType()));
    }

    /** {@code file} relative to the first of {@code roots} that holds it, else {@code file} itself. */
    static String relativeTo(Path file, List<String> roots) {
        Path normal = file.normalize();
        for (String root : roots) {
            Path r = Path.of(root).normalize();
            if (!r.toString().isEmpty() && normal.startsWith(r) && !normal.equals(r)) {
                return slashes(r.relativize(normal));
            }
        }
        return slashes(normal);
    }

    private List<String> roots(ResourceType type) {
        return switch (type) {
            case MODEL -> paths.models();
            case SEED -> paths.seeds();
            case SNAPSHOT -> paths.snapshots();
            case TEST -> paths.tests();
            default -> List.of();
        };
    }

    /** {@code path} with {@code /} separators. */
    static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** {@code path} made safe to resolve under another folder: no root, no {@code .} or {@code ..} parts. */
    static String safeRelative(Path path) {
        List<String> parts = new ArrayList<>();
        for (Path part : path.normalize()) {
            String s = part.toString();
            if (!s.isEmpty() && !s.equals(".") && !s.equals("..")) {
                parts.add(s);
            }
        }
        return String.join("/", parts);
    }
}
