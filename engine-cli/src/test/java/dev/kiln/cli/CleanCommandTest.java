package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class CleanCommandTest {

    @TempDir
    Path dir;

    private Path project() {
        return Projects.shop(dir.resolve("shop")).root();
    }

    @Test
    void deletesTheTargetDirectory() {
        Path p = project();
        assertThat(kiln("compile", "--project-dir", p.toString()).exitCode()).isZero();
        assertThat(p.resolve("target")).isDirectory();
        CliRun run = kiln("clean", "--project-dir", p.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Deleted ").contains("target/");
        assertThat(p.resolve("target")).doesNotExist();
        assertThat(p.resolve("models/staging/stg_orders.sql")).exists();
    }

    @Test
    void nothingToCleanIsFine() {
        Path p = project();
        CliRun run = kiln("--project-dir", p.toString(), "clean");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Nothing to clean");
    }

    @Test
    void cleansTheConfiguredTargetPathEvenWhenModelsAreBroken() throws Exception {
        Path p = project();
        Projects.shop(p).file("kiln.yml", "name: shop\ntarget-path: \"build/${env_var('KILN_TEST_NEVER_SET', 'out')}\"\n"
                        + "targets:\n  dev: {type: ansi}\n")
                .file("models/broken.sql", "select ${ref('nope')}\n")
                .file("build/out/manifest.json", "{}")
                .file("build/keep.txt", "keep");
        CliRun run = kiln("clean", "--project-dir", p.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(p.resolve("build/out")).doesNotExist();
        assertThat(p.resolve("build/keep.txt")).exists();
    }

    @Test
    void refusesATargetPathOutsideTheProject() throws Exception {
        Path p = project();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "x");
        for (String targetPath : new String[] {"../outside", ".", outside.toString()}) {
            Projects.shop(p).file("kiln.yml", "name: shop\ntarget-path: '" + targetPath + "'\ntargets:\n  dev: {type: ansi}\n");
            CliRun run = kiln("clean", "--project-dir", p.toString());
            assertThat(run.exitCode()).as(targetPath + ": " + run).isEqualTo(2);
            assertThat(run.err()).contains("refusing").doesNotContain("\tat ");
        }
        assertThat(outside.resolve("precious.txt")).exists();
        assertThat(p.resolve("kiln.yml")).exists();
    }

    @Test
    void refusesATargetThatLinksOutsideTheProject() throws Exception {
        Path p = project();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "x");
        Files.createSymbolicLink(p.resolve("target"), outside);
        CliRun run = kiln("clean", "--project-dir", p.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(outside.resolve("precious.txt")).exists();
    }

    @Test
    void needsAProject() {
        CliRun run = kiln("clean", "--project-dir", dir.resolve("empty").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("No kiln.yml");
    }
}
