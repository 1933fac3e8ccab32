package dev.kiln.internal.select;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.SourceTable;
import dev.kiln.internal.select.SelectorSpec.Criterion;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/**
 * {@code path:models/staging}: nodes and sources defined in that file or anywhere under that
 * folder. The path is relative to the project directory (an absolute path inside it works too);
 * {@code ./} in front and {@code /} at the end are ignored. Wildcards follow file-system glob
 * rules: {@code *} stays within one folder, {@code **} crosses folders
 * ({@code path:models/*}{@code /stg_*.sql}).
 */
final class PathMatcher implements MethodMatcher {

    private final SelectableIndex index;

    PathMatcher(SelectableIndex index) {
        this.index = index;
    }

    @Override
    public Set<String> match(Criterion criterion) {
        Predicate<String> test = predicate(normalize(criterion.value()));
        Set<String> out = MethodMatcher.nodesWhere(index, n -> test.test(index.path(n)));
        for (SourceTable s : index.sources()) {
            if (test.test(index.path(s))) {
                out.add(s.uniqueId());
            }
        }
        return out;
    }

    private String normalize(String value) {
        String v = value.replace('\\', '/');
        Path asPath = Path.of(v);
        if (asPath.isAbsolute()) {
            Path root = index.root().toAbsolutePath().normalize();
            Path abs = asPath.normalize();
            if (abs.startsWith(root)) {
                v = root.relativize(abs).toString().replace('\\', '/');
            }
        }
        while (v.startsWith("./")) {
            v = v.substring(2);
        }
        while (v.endsWith("/") && v.length() > 1) {
            v = v.substring(0, v.length() - 1);
        }
        return v.equals(".") ? "" : v;
    }

    private static Predicate<String> predicate(String selector) {
        if (selector.isEmpty()) {
            return path -> true;
        }
        if (Glob.hasWildcard(selector)) {
            java.nio.file.PathMatcher glob;
            try {
                glob = FileSystems.getDefault().getPathMatcher("glob:" + selector);
            } catch (PatternSyntaxException e) {
                throw new KilnException(ErrorCode.USAGE, "Spec 'path:" + selector + "' is not a valid glob ("
                        + e.getDescription() + "). Use * within a folder, ** across folders, [abc] for one of a set.");
            }
            return path -> {
                for (Path p = Path.of(path); p != null; p = p.getParent()) {
                    if (glob.matches(p)) {
                        return true;
                    }
                }
                return false;
            };
        }
        String folder = selector + "/";
        return path -> path.equals(selector) || path.startsWith(folder);
    }
}
