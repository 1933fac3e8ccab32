package dev.kiln.cli;

import dev.kiln.testkit.JdbcRows;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kiln load} and {@code kiln build} with a loaded source, through the command line. */
class LoadCommandTest {

    @TempDir
    Path dir;

    @Test
    void loadRunsOnlyLoadsAndBuildRunsThemFirst() throws Exception {
        TempProject.create(dir, "l", "duckdb")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: logs
                            schema: raw
                            loader: {from: files}
                            tables:
                              - name: sessions
                                load: {path: landing/*.jsonl, on_bad_record: skip}
                        """)
                .file("models/device_counts.sql", "select device, count(*) as n from ${source('logs', 'sessions')} group by 1\n")
                .file("landing/1.jsonl", "{\"id\": 1, \"device\": \"ios\"}\n{\"id\": 2, \"device\": \"web\"}\nnot json\n");
        CliRun load = CliRun.kiln("--project-dir", dir.toString(), "load", "-s", "source:logs");
        assertThat(load.exitCode()).as(load.toString()).isZero();
        assertThat(load.out()).contains("Found 1 model, 1 source", "loaded logs.sessions: 2 rows", "OK loaded source raw.sessions",
                "skipped 1 bad record").doesNotContain("device_counts").doesNotContain("rows/s)\n\n");
        assertThat(JdbcRows.query("jdbc:duckdb:" + dir.resolve("target/dev.duckdb"), "select count(*) from raw.sessions"))
                .containsExactly("2");

        CliRun build = CliRun.kiln("--project-dir", dir.toString(), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.out()).contains("1 of 2 OK loaded source raw.sessions", "no new files",
                "2 of 2 OK created view main.device_counts");
        CliRun run = CliRun.kiln("--project-dir", dir.toString(), "run");
        assertThat(run.out()).doesNotContain("loaded source");
    }

    @Test
    void aBadLoadKeyIsAProjectErrorWithItsLine() {
        TempProject.create(dir, "l", "duckdb").file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    loader: {from: file}
                    tables:
                      - name: sessions
                        load: {path: landing/*.jsonl}
                """);
        CliRun load = CliRun.kiln("--project-dir", dir.toString(), "load");
        assertThat(load.exitCode()).as(load.toString()).isEqualTo(2);
        assertThat(load.err()).contains("sources.yml:4:").contains("No loader for 'from: file'").contains("files");
    }
}
