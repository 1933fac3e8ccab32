package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/** A DuckDB database another kiln is building: exit 3, its PID named, nothing run. */
class DatabaseLockTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSecondKilnOnTheSameDatabaseExitsWithItsOwnCodeAndThePid() throws Exception {
        TempProject.create(dir, "locked", "duckdb").file("kiln.yml", """
                name: locked
                models: {+materialized: table}
                targets:
                  dev: {type: duckdb, path: target/locked.duckdb, threads: 1}
                """).file("models/slow.sql", "select sum(range % 7) as n from range(1000000000000)\n");
        Path output = dir.resolve("first.txt");
        Process first = new ProcessBuilder(CrashRecoveryTest.javaCommand("build", "--project-dir", dir.toString(), "--debug"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            CrashRecoveryTest.awaitOutput(first, output, "debug: started 1 of 1", 90);
            CliRun second = kiln("build", "--project-dir", dir.toString());
            assertThat(second.exitCode()).as(second.toString()).isEqualTo(ErrorCode.DATABASE_LOCKED.exitCode()).isEqualTo(3);
            assertThat(second.err()).contains("another kiln is building this database: PID " + first.pid())
                    .contains("Nothing was run").doesNotContain("Exception");
            assertThat(second.out()).doesNotContain("OK created");
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
