package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class RetryCommandTest {

    @TempDir
    Path dir;

    @Test
    void retryRerunsWhatFailedOrWasSkippedThenHasNothingLeft() throws Exception {
        Warehouse.passingShop(dir)
                .file("models/marts/broken.sql", "select * from analytics.no_such_table\n")
                .file("models/marts/after_broken.sql", "select count(*) as n from ${ref('broken')}\n");
        String p = dir.toString();
        CliRun build = kiln("build", "--project-dir", p);
        assertThat(build.exitCode()).as(build.toString()).isEqualTo(1);
        assertThat(build.out()).contains("Done. PASS=8 WARN=1 ERROR=1 SKIP=1 TOTAL=11");
        Warehouse.passingShop(dir).file("models/marts/broken.sql", "select 1 as x\n");
        CliRun retry = kiln("retry", "--project-dir", p);
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        String found = build.lines().stream().filter(l -> l.startsWith("Found ")).findFirst().orElseThrow();
        assertThat(found).isEqualTo("Found 5 models, 2 seeds, 4 data tests");
        assertThat(retry.out()).contains(found + System.lineSeparator()) // the project's totals, as the build printed
                .contains("Retrying 2 nodes of the last build.")
                .containsPattern("(?m)^1 of 2 OK created table analytics\\.broken ")
                .containsPattern("(?m)^2 of 2 OK created table analytics\\.after_broken ")
                .contains("Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2");
        assertThat(Warehouse.scalar(dir, "select n from analytics.after_broken")).isEqualTo(1L);
        CliRun again = kiln("retry", "--project-dir", p);
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Nothing to retry: every node of the last run succeeded.");
    }

    @Test
    void retryWithoutAnEarlierRunIsAUsageError() {
        Warehouse.shop(dir);
        CliRun run = kiln("retry", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("Nothing to retry").contains("run_results.json");
    }

    @Test
    void retryAcceptsTheRunFlags() {
        Warehouse.shop(dir);
        assertThat(kiln("build", "--project-dir", dir.toString()).exitCode()).isEqualTo(1);
        CliRun retry = kiln("retry", "--fail-fast", "--full-refresh", "--project-dir", dir.toString());
        assertThat(retry.exitCode()).as(retry.toString()).isEqualTo(1);
        assertThat(retry.out()).contains("Retrying 2 nodes of the last build.", "FAIL 1 " + Warehouse.ACCEPTED_VALUES);
    }
}
