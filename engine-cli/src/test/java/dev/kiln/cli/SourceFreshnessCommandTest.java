package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kiln source freshness} on sources over real Parquet files. */
class SourceFreshnessCommandTest {

    @TempDir
    Path dir;

    @Test
    void staleSourcesExitOneFreshOnesPass() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("copy (select now()::timestamp as loaded_at) to '" + dir.resolve("data/fresh.parquet") + "' (format parquet)");
            st.execute("copy (select timestamp '2020-01-01' as loaded_at) to '" + dir.resolve("data/stale.parquet") + "' (format parquet)");
        }
        TempProject.create(dir, "f", "duckdb")
                .file("kiln.yml", "name: f\ntargets: {dev: {type: duckdb, path: target/f.duckdb, threads: 1}}\n")
                .file("models/src.yml", """
                        version: 2
                        sources:
                          - name: raw
                            loaded_at_field: loaded_at
                            freshness: {warn_after: {count: 1, period: day}, error_after: {count: 2, period: day}}
                            tables:
                              - {name: fresh, external_location: data/fresh.parquet}
                              - {name: stale, external_location: data/stale.parquet}
                        """);
        CliRun all = CliRun.kiln("--project-dir", dir.toString(), "source", "freshness");
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
        assertThat(all.out()).contains("PASS raw.fresh", "ERROR STALE raw.stale", "target/sources.json");
        assertThat(dir.resolve("target/sources.json")).exists();
        CliRun onlyFresh = CliRun.kiln("--project-dir", dir.toString(), "source", "freshness", "-s", "source:raw.fresh");
        assertThat(onlyFresh.exitCode()).as(onlyFresh.toString()).isEqualTo(0);
    }
}
