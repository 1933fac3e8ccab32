package dev.kiln.cli;

import dev.kiln.Kiln;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class BuildCommandTest {

    /** Every progress line: {@code N of TOTAL STATUS …}. */
    private static final Pattern NODE_LINE = Pattern.compile("^ ?\\d+ of \\d+ (OK|ERROR|PASS|FAIL|WARN|SKIP) .*");

    @TempDir
    Path dir;

    @Test
    void aFailingTestExitsOneAndEveryNodeGetsAProgressLine() throws Exception {
        Warehouse.shop(dir);
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        List<String> lines = run.lines();
        assertThat(lines.get(0)).isEqualTo("Running with kiln=" + Kiln.VERSION + ", target=dev (duckdb), threads=1");
        assertThat(lines.get(1)).isEqualTo("Found 3 models, 2 seeds, 4 data tests");
        List<String> nodes = lines.stream().filter(l -> NODE_LINE.matcher(l).matches()).toList();
        assertThat(nodes).hasSize(9);
        assertThat(nodes).extracting(l -> l.substring(0, l.indexOf(" of ")).strip())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 9).mapToObj(String::valueOf).toList());
        assertThat(run.out())
                .containsPattern("(?m)^\\d of 9 OK loaded seed raw\\.plans \\.{3,} \\[INSERT 2 in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^\\d of 9 OK created view staging\\.stg_users \\.{3,} \\[CREATE VIEW in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^\\d of 9 OK created table analytics\\.dim_users \\.{3,} "
                        + "\\[CREATE TABLE \\(3 rows\\) in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^\\d of 9 PASS unique_dim_users_user_id \\.{3,} \\[PASS in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^\\d of 9 FAIL 1 " + Warehouse.ACCEPTED_VALUES + " \\.{3,} \\[FAIL 1 in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^\\d of 9 WARN 1 not_null_dim_users_plan_id \\.{3,} \\[WARN 1 in \\d+\\.\\d\\ds]$")
                .containsPattern("(?m)^\\d of 9 SKIP relation analytics\\.user_count \\(upstream '"
                        + Warehouse.ACCEPTED_VALUES + "' did not succeed\\) \\.{3,} \\[SKIP]$");
        assertThat(run.err()).isEmpty();
        assertThat(Warehouse.scalar(dir, "select count(*) from analytics.dim_users")).isEqualTo(3L);
        assertThat(dir.resolve("target/run_results.json")).isRegularFile();
    }

    @Test
    void theSummaryCountsAndRepeatsEveryFailureWithItsFile() {
        Warehouse.shop(dir);
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.out()).containsPattern("(?m)^Finished running 9 nodes in \\d+\\.\\d\\ds\\.$")
                .contains("""

                        Completed with 1 error and 1 warning:

                        Failure in test %s (models/marts/schema.yml)
                          Got 1 result, configured to fail if != 0

                        Warning in test not_null_dim_users_plan_id (models/marts/schema.yml)
                          Got 1 result, configured to warn if != 0

                        Done. PASS=6 WARN=1 ERROR=1 SKIP=1 TOTAL=9
                        """.formatted(Warehouse.ACCEPTED_VALUES));
        assertThat(run.out()).endsWith("Done. PASS=6 WARN=1 ERROR=1 SKIP=1 TOTAL=9" + System.lineSeparator());
    }

    @Test
    void warningsAloneExitZero() {
        Warehouse.passingShop(dir);
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Completed with 1 warning:", "Done. PASS=8 WARN=1 ERROR=0 SKIP=0 TOTAL=9")
                .doesNotContain("FAIL", "SKIP relation");
    }

    @Test
    void aModelErrorShowsItsMessageUnderTheLineAndAgainAtTheEnd() {
        Warehouse.passingShop(dir).file("models/marts/broken.sql", "select * from analytics.no_such_table\n");
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("(?m)^ ?\\d+ of 10 ERROR creating table analytics\\.broken \\.{3,} \\[ERROR in \\d+\\.\\d\\ds]\\R  .*no_such_table")
                .contains("Completed with 1 error and 1 warning:")
                .containsPattern("(?m)^Error in model broken \\(models/marts/broken\\.sql\\)\\R  .*no_such_table")
                .contains("Done. PASS=8 WARN=1 ERROR=1 SKIP=0 TOTAL=10");
    }

    @Test
    void aBrokenProjectExitsTwoWithFileLineAndColumnBeforeTouchingTheDatabase() {
        Warehouse.shop(dir).file("models/marts/dim_users.sql", "select *\nfrom ${ref('no_such_model')}\n");
        CliRun run = kiln("build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).containsPattern("models/marts/dim_users\\.sql:2:\\d+: error: .*no_such_model")
                .doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("Found", " of ");
        assertThat(Files.exists(Warehouse.database(dir))).isFalse();
    }

    @Test
    void failFastSkipsWhatHasNotStarted() {
        Warehouse.passingShop(dir).file("models/marts/broken.sql", "select * from analytics.no_such_table\n");
        assertThat(kiln("seed", "--project-dir", dir.toString()).exitCode()).isZero();
        CliRun run = kiln("run", "--project-dir", dir.toString(), "--threads", "1", "--fail-fast",
                "-s", "broken", "stg_users", "dim_users", "user_count");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR creating table analytics.broken")
                .contains("(after an earlier failure (--fail-fast))");
        CliRun without = kiln("run", "--project-dir", dir.toString(), "--threads", "1",
                "-s", "broken", "stg_users", "dim_users", "user_count");
        assertThat(without.out()).doesNotContain("SKIP relation").contains("Done. PASS=3 WARN=0 ERROR=1 SKIP=0 TOTAL=4");
    }

    @Test
    void anEmptySelectionHasNothingToDo() {
        Warehouse.shop(dir);
        CliRun run = kiln("seed", "--project-dir", dir.toString(), "-s", "resource_type:model");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // as in dbt, the project's totals are said even when the selection holds nothing to run
        assertThat(run.lines()).contains("Found 3 models, 2 seeds, 4 data tests");
        assertThat(run.out()).contains("Nothing to do").doesNotContain(" of ");
    }
}
