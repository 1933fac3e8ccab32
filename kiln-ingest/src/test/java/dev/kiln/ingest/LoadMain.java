package dev.kiln.ingest;

import dev.kiln.Kiln;
import dev.kiln.Selection;

import java.nio.file.Path;

/** Runs {@code kiln load} on a project in a child JVM, for {@link CrashSafetyTest}. */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) {
        try (Kiln k = Kiln.configure().projectDir(Path.of(args[0])).load()) {
            boolean ok = k.load(Selection.ALL).results().stream().allMatch(r -> r.status().letsDownstreamRun());
            System.exit(ok ? 0 : 3);
        }
    }
}
