package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {

    @TempDir
    Path dir;

    @Test
    void aNewProjectBuildsAtOnceAndItsTestsPass() throws Exception {
        Path project = dir.resolve("my-shop");
        CliRun init = kiln("init", project.toString());
        assertThat(init.exitCode()).as(init.toString()).isZero();
        assertThat(init.out()).contains("Created project my_shop in").contains("kiln build");
        assertThat(project.resolve("kiln.yml")).content().contains("name: my_shop").contains("type: duckdb");
        assertThat(project.resolve("README.md")).exists();
        assertThat(project.resolve("models/staging/schema.yml")).content().contains("data_tests");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("my-shop"); // no temp left

        CliRun build = kiln("build", "--project-dir", project.toString());
        assertThat(build.exitCode()).as(build.toString()).isZero();
        assertThat(build.out()).contains("Completed successfully").containsPattern("ERROR=0 SKIP=0");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("target/dev.duckdb"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select revenue from analytics.customer_orders where customer_id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("12.50");
        }
        CliRun op = kiln("run-operation", "count_rows", "--args", "{model: customer_orders}", "--project-dir", project.toString());
        assertThat(op.exitCode()).as(op.toString()).isZero();
        assertThat(op.out()).contains("| row_count |").contains("|         3 |");
    }

    @Test
    void refusesToOverwriteAnything() throws IOException {
        Path taken = dir.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("notes.txt"), "mine");
        CliRun run = kiln("init", taken.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("already exists and is not empty").contains("never overwrites");
        assertThat(Files.list(taken).map(p -> p.getFileName().toString())).containsExactly("notes.txt");

        Path here = dir.resolve("here");
        Files.createDirectories(here.resolve("models"));
        Files.writeString(here.resolve("kiln.yml"), "name: old\n");
        CliRun inPlace = kiln("init", "--project-dir", here.toString());
        assertThat(inPlace.exitCode()).as(inPlace.toString()).isEqualTo(2);
        assertThat(inPlace.err()).contains("already has kiln.yml").contains("wrote nothing");
        assertThat(here.resolve("kiln.yml")).hasContent("name: old");
        assertThat(here.resolve("README.md")).doesNotExist();
    }

    @Test
    void withoutANameItFillsTheProjectDirectory() {
        Path empty = dir.resolve("analytics");
        CliRun run = kiln("init", "--project-dir", empty.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(empty.resolve("kiln.yml")).content().contains("name: analytics");
        CliRun parse = kiln("parse", "--project-dir", empty.toString());
        assertThat(parse.exitCode()).as(parse.toString()).isZero();
    }
}
