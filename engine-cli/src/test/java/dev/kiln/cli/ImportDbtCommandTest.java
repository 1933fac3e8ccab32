package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImportDbtCommandTest {

    @TempDir
    Path dir;

    private TempProject dbt() {
        return new TempProject(dir.resolve("dbt"))
                .file("dbt_project.yml", "name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n")
                .file("profiles.yml", "shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: shop.duckdb}\n")
                .file("models/one.sql", "{{ config(materialized='view') }}\nselect 1 as id\n");
    }

    @Test
    void convertsAndBuildsAndExitsZeroWhenNothingIsLeft() throws Exception {
        dbt();
        Path dest = dir.resolve("kiln");
        CliRun run = CliRun.kiln("import-dbt", dir.resolve("dbt").toString(), dest.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("wrote kiln.yml", "wrote models/one.sql", "Converted 2 files.");
        assertThat(Files.readString(dest.resolve("models/one.sql"))).isEqualTo("<@config materialized=\"view\" />\nselect 1 as id\n");
        CliRun build = CliRun.kiln("--project-dir", dest.toString(), "build");
        assertThat(build.exitCode()).as(build.toString()).isZero();
    }

    @Test
    void listsWhatWasLeftWithFileAndLineAndExitsOne() throws Exception {
        dbt().file("models/two.sql", "select 2 as id\n{% do results.append(1) %}\n");
        Path dest = dir.resolve("kiln");
        CliRun run = CliRun.kiln("import-dbt", dir.resolve("dbt").toString(), dest.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("models/two.sql:2:1: error: not converted: {% do results.append(1) %}",
                "hint: {% do %} changes a value in place");
        assertThat(run.out()).contains("Converted 3 files; 1 construct(s) left as written");
        assertThat(Files.readString(dest.resolve("models/one.sql"))).startsWith("<@config");
    }

    @Test
    void refusesAFolderThatIsNoDbtProjectOrADestinationInUse() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.kiln("import-dbt", dir.resolve("empty").toString(), dir.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("has no dbt_project.yml");
        dbt();
        Files.writeString(dir.resolve("out.txt"), "x");
        Files.createDirectories(dir.resolve("used"));
        Files.writeString(dir.resolve("used/keep.txt"), "mine");
        CliRun used = CliRun.kiln("import-dbt", dir.resolve("dbt").toString(), dir.resolve("used").toString());
        assertThat(used.exitCode()).isEqualTo(2);
        assertThat(used.err()).contains("exists and is not empty");
        assertThat(Files.readString(dir.resolve("used/keep.txt"))).isEqualTo("mine");
    }
}
