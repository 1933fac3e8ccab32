package dev.kiln.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a project into a directory, file by file, for tests. */
public final class TempProject {

    private final Path root;

    /** An existing project directory, to change its files. */
    public TempProject(Path root) {
        this.root = root;
    }

    /** A project in {@code dir} with a {@code kiln.yml} naming it {@code name} and one target of {@code type}. */
    public static TempProject create(Path dir, String name, String type) {
        TempProject p = new TempProject(dir);
        p.file("kiln.yml", "name: " + name + "\nversion: 1.0.0\ntargets:\n  dev:\n    type: " + type
                + "\n    path: target/dev.duckdb\n    threads: 2\ndefault-target: dev\n");
        return p;
    }

    /**
     * A project in {@code dir} named {@code name} whose models are views, on one ANSI target of two threads (no
     * database): what the partial-parsing and relinking tests compile again and again.
     */
    public static TempProject views(Path dir, String name) {
        return new TempProject(dir).file("kiln.yml", "name: " + name + "\nversion: 1.0.0\nmodels:\n  +materialized: view\n"
                + "targets:\n  dev: {type: ansi, threads: 2}\ndefault-target: dev\n");
    }

    /** Writes (or replaces) a file; parent folders are created. */
    public TempProject file(String relative, String content) {
        try {
            Path f = root.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project directory. */
    public Path root() {
        return root;
    }
}
