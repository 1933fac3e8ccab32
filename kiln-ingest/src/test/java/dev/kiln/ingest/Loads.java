package dev.kiln.ingest;

import dev.kiln.CompiledNode;
import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.RunOptions;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.JdbcRows;
import dev.kiln.testkit.TempProject;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Test helper: a project on a DuckDB file, loaded with the real Kiln API. */
final class Loads {

    final TempProject project;
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> env;

    Loads(Path dir, Map<String, String> env) {
        this.project = TempProject.create(dir, "lt", "duckdb");
        this.env = env;
    }

    /**
     * A project in {@code dir} whose one source table, {@code logs.sessions} in schema {@code raw},
     * is loaded {@code from: files} with {@code load} (a YAML flow mapping).
     */
    static Loads filesIntoSessions(Path dir, String load) {
        return new Loads(dir, Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: sessions
                        load: %s
                """.formatted(load));
    }

    Loads file(String relative, String content) {
        project.file(relative, content);
        return this;
    }

    Kiln kiln() {
        return Kiln.configure().projectDir(project.root()).env(env::get).listener(new KilnListener() {
            @Override
            public void progress(CompiledNode node, String line) {
                progress.add(line);
            }
        }).load();
    }

    RunResults load(String... select) {
        try (Kiln k = kiln()) {
            return k.load(Selection.parse(select));
        }
    }

    RunResults fullRefresh(String... select) {
        try (Kiln k = kiln()) {
            return k.execute(dev.kiln.Command.LOAD, Selection.parse(select), new RunOptions(true, false));
        }
    }

    RunResults build(String... select) {
        try (Kiln k = kiln()) {
            return k.build(Selection.parse(select));
        }
    }

    List<String> rows(String sql) throws SQLException {
        return JdbcRows.query("jdbc:duckdb:" + project.root().resolve("target/dev.duckdb"), sql);
    }

    static NodeResult only(RunResults r) {
        if (r.results().size() != 1) {
            throw new AssertionError("expected one result, got " + r.results());
        }
        return r.results().get(0);
    }
}
