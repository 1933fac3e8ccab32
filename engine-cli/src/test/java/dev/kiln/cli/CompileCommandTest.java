package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class CompileCommandTest {

    @TempDir
    Path dir;

    @Test
    void compilesEverythingWritesArtifactsAndSummarizes() {
        Projects.shop(dir);
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("^Found 2 models, 2 data tests, 1 source\\RCompiled 4 nodes \\(2 models, 2 tests\\) in "
                + "\\d+\\.\\d\\ds → .*/target/\\R$");
        assertThat(run.err()).isEmpty();
        assertThat(dir.resolve("target/manifest.json")).isRegularFile();
        assertThat(dir.resolve("target/compiled")).isDirectory();
    }

    @Test
    void selectionListsTheSelectedNodes() {
        Projects.shop(dir);
        CliRun run = kiln("compile", "--project-dir", dir.toString(), "-s", "stg_orders", "--exclude", "resource_type:test");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines()).containsExactly("Found 2 models, 2 data tests, 1 source", "model.shop.stg_orders",
                run.lines().get(2), "Selected 1 of 4 nodes.");
        assertThat(run.lines().get(2)).startsWith("Compiled 4 nodes");
    }

    @Test
    void singularNounsForOne() throws Exception {
        Projects.shop(dir).file("models/staging/schema.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: orders
                models:
                  - name: stg_orders
                    columns:
                      - name: id
                        data_tests: [not_null]
                """);
        Files.delete(dir.resolve("models/marts/orders_by_day.sql"));
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines().get(0)).isEqualTo("Found 1 model, 1 test, 1 source");
        assertThat(run.lines().get(1)).startsWith("Compiled 2 nodes (1 model, 1 test) in ");
    }

    @Test
    void findsTheDuckDbAdapterOnTheClassPath() {
        TempProject.create(dir, "shop", "duckdb").file("models/one.sql", "select 1 as id\n");
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines().get(0)).isEqualTo("Found 1 model");
        assertThat(run.lines().get(1)).startsWith("Compiled 1 node (1 model) in ");
    }
}
