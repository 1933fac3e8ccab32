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
    void nothingChangedPrintsWhatAFullCompilePrintsAndWritesNothing() throws Exception {
        Projects.shop(dir);
        java.nio.file.attribute.FileTime past = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        try (var files = Files.walk(dir)) { // older than the fingerprint's two-second window: trusted by size and time
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, past);
            }
        }
        CliRun full = kiln("compile", "--project-dir", dir.toString(), "--no-partial-parse");
        CliRun first = kiln("compile", "--project-dir", dir.toString());
        java.util.Map<Path, String> written = targetFiles();
        CliRun again = kiln("compile", "--debug", "--project-dir", dir.toString());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.err()).contains("up-to-date check").doesNotContain("debug: render");
        assertThat(withoutTime(again.out())).isEqualTo(withoutTime(first.out())).isEqualTo(withoutTime(full.out()));
        assertThat(targetFiles()).as("nothing in target/ written").isEqualTo(written);

        Files.setLastModifiedTime(dir.resolve("target/manifest.json"), java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        CliRun touched = kiln("compile", "--debug", "--project-dir", dir.toString());
        assertThat(touched.err()).contains("debug: load (partial parse: unchanged)");
        assertThat(withoutTime(touched.out())).isEqualTo(withoutTime(full.out()));
        assertThat(Files.getLastModifiedTime(dir.resolve("target/manifest.json")).toMillis()).isNotEqualTo(1_000_000);
    }

    private static String withoutTime(String out) {
        return out.replaceAll(" in \\d+\\.\\d\\ds ", " in N s ");
    }

    private java.util.Map<Path, String> targetFiles() throws java.io.IOException {
        java.util.Map<Path, String> out = new java.util.TreeMap<>();
        try (var files = Files.walk(dir.resolve("target"))) {
            for (Path f : files.toList()) {
                out.put(f, Files.size(f) + "@" + Files.getLastModifiedTime(f).to(java.util.concurrent.TimeUnit.NANOSECONDS));
            }
        }
        return out;
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
        Projects.shop(dir).file("models/staging/schema.yml",
                Projects.SHOP_SCHEMA.replace("[unique, not_null]", "[not_null]"));
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
