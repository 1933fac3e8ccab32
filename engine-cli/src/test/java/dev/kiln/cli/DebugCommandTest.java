package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class DebugCommandTest {

    @TempDir
    Path dir;

    @Test
    void reportsEachCheckAndTheVersions() {
        Warehouse.shop(dir);
        CliRun run = kiln("debug", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("kiln=0.1.0 java=")
                .contains("kiln.yml file [OK found and valid (project shop)]")
                .contains("project files [OK found and valid")
                .contains("Target 'dev' (type duckdb")
                .contains("path: target/shop.duckdb")
                .contains("adapter [OK duckdb found]")
                .containsPattern("connection \\[OK connection ok, DuckDB v[0-9.]+")
                .contains("All checks passed!");
    }

    @Test
    void aMissingProjectOrABrokenTargetFailsWithExitOneAndNamesTheCheck() {
        CliRun none = kiln("debug", "--project-dir", dir.resolve("nowhere").toString());
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(1);
        assertThat(none.out()).contains("kiln.yml file [ERROR]").contains("No kiln.yml in").contains("kiln init")
                .doesNotContain("kiln build");

        Warehouse.shop(dir).file("kiln.yml", """
                name: shop
                targets:
                  dev: {type: duckdb, path: kiln.yml/x.duckdb, threads: 1}
                  cloud: {type: duckdb, path: target/c.duckdb, settings: {s3_secret_access_key: "${env_var('NO_SUCH_VAR_16C', 'hunter2')}"}}
                """);
        CliRun broken = kiln("debug", "--project-dir", dir.toString());
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
        assertThat(broken.out()).contains("kiln.yml file [OK").contains("connection [ERROR]")
                .contains("Some checks failed");
        CliRun secret = kiln("debug", "-t", "cloud", "--project-dir", dir.toString());
        assertThat(secret.out()).contains("s3_secret_access_key: ****").doesNotContain("hunter2");
    }

    @Test
    void hidesCredentialsInUrls() {
        assertThat(DebugCommand.shown("url", "jdbc:postgresql://app:pw@db:5432/app")).isEqualTo("jdbc:postgresql://****@db:5432/app");
        assertThat(DebugCommand.shown("api_token", "abc")).isEqualTo("****");
    }
}
