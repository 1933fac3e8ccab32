package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A selection spec that matches nothing is a warning naming it, with a did-you-mean;
 * {@code --warn-error} (or {@code --warn-error-options}) makes warnings fail the command with
 * exit code 1, as in dbt; a mistyped command is never answered with a command that changes
 * something.
 */
class SelectionWarningsTest {

    @TempDir
    Path dir;

    @Test
    void aTypoInTheSelectionIsAWarningNamingTheSpecAndTheNodeMeant() throws Exception {
        Warehouse.passingShop(dir);
        CliRun run = kiln("build", "-s", "dim_user", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("warning: The selection criterion 'dim_user' (--select) does not match any enabled nodes.")
                .contains("hint: Did you mean 'dim_users'?");
        assertThat(run.out()).contains("Nothing to do");
    }

    @Test
    void graphOperatorsTagsAndExcludesGetTheirOwnSuggestion() {
        Warehouse.passingShop(dir).file("models/marts/user_count.sql", """
                <@config tags=["finance"] />
                select count(*) as n from ${ref('dim_users')}
                """);
        CliRun run = kiln("ls", "-s", "+dim_user tag:financ", "--exclude", "stg_user",
                "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("'+dim_user' (--select)").contains("Did you mean '+dim_users'?")
                .contains("'tag:financ' (--select)").contains("Did you mean 'tag:finance'?")
                .contains("'stg_user' (--exclude)").contains("Did you mean 'stg_users'?");
    }

    @Test
    void warnErrorMakesTheWarningFailTheCommandBeforeAnythingRuns() {
        Warehouse.passingShop(dir);
        CliRun run = kiln("build", "-s", "dim_user", "--warn-error", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("dim_user").contains("treated as an error (--warn-error)");
        assertThat(dir.resolve("target/shop.duckdb")).doesNotExist();

        CliRun options = kiln("build", "-s", "dim_user", "--warn-error-options", "{error: [NoNodesForSelectionCriteria]}",
                "--project-dir", dir.toString());
        assertThat(options.exitCode()).as(options.toString()).isEqualTo(1);
        CliRun excused = kiln("ls", "-s", "dim_user", "--warn-error-options", "{error: all, warn: [nothing-selected]}",
                "--project-dir", dir.toString());
        assertThat(excused.exitCode()).as(excused.toString()).isZero();
        CliRun bad = kiln("ls", "--warn-error-options", "{fail: all}", "--project-dir", dir.toString());
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown key 'fail'");
    }

    @Test
    void warnErrorMakesAWarningTestFailTheBuild() {
        Warehouse.passingShop(dir);
        CliRun plain = kiln("build", "--project-dir", dir.toString());
        assertThat(plain.exitCode()).as(plain.toString()).isZero(); // not_null plan_id warns
        CliRun strict = kiln("build", "--warn-error", "--project-dir", dir.toString());
        assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(1);
        // its place in the run follows the last run's durations (critical-path-first scheduling)
        assertThat(strict.out()).containsPattern("(?m)^\\d of 9 FAIL 1 not_null_dim_users_plan_id")
                .contains("(a failure with --warn-error)").contains("ERROR=1");
    }

    @Test
    void aMistypedCommandIsNeverAnsweredWithOneThatChangesSomething() {
        CliRun clean = kiln("clea");
        assertThat(clean.exitCode()).isEqualTo(2);
        assertThat(clean.err()).contains("clea").doesNotContain("kiln clean");
        CliRun build = kiln("bild");
        assertThat(build.err()).doesNotContain("kiln build");
        CliRun compile = kiln("compil");
        assertThat(compile.err()).contains("Did you mean: kiln compile?");
        assertThat(CommandSuggestions.safe(java.util.List.of("build", "clean", "run", "seed", "snapshot", "load", "sync",
                "report", "retry", "clone", "run-operation", "ls", "--select"))).containsExactly("ls", "--select");
    }
}
