package dev.kiln.cli;

import dev.kiln.Kiln;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class GlobalOptionsTest {

    @TempDir
    Path dir;

    @Test
    void globalOptionsMayStandBeforeOrAfterTheCommand() {
        Projects.shop(dir);
        String p = dir.toString();
        CliRun before = kiln("--project-dir", p, "--target", "other", "ls", "--output", "name");
        CliRun after = kiln("ls", "--output", "name", "--project-dir", p, "--target", "other");
        CliRun between = kiln("ls", "--project-dir", p, "-o", "name", "--target=other");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.lines()).contains("orders_by_day", "stg_orders");
        assertThat(after).isEqualTo(before);
        assertThat(between).isEqualTo(before);
    }

    @Test
    void targetChoosesATargetAndAnUnknownOneIsAUsageError() {
        Projects.shop(dir);
        assertThat(kiln("compile", "--project-dir", dir.toString(), "--target", "other").exitCode()).isZero();
        CliRun shortAlias = kiln("-t", "other", "debug", "--project-dir", dir.toString());
        assertThat(shortAlias.out()).contains("Target 'other' (type ansi").contains("schema: elsewhere");
        CliRun unknownShort = kiln("ls", "-t", "prodd", "--project-dir", dir.toString());
        assertThat(unknownShort.exitCode()).isEqualTo(2);
        assertThat(unknownShort.err()).contains("Unknown target 'prodd'");
        CliRun unknown = kiln("compile", "--project-dir", dir.toString(), "--target", "prodd");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown target 'prodd'").doesNotContain("\tat ");
    }

    @Test
    void varsOverrideProjectVarsOnEitherSideOfTheCommand() throws IOException {
        Projects.shop(dir);
        CliRun after = kiln("compile", "--project-dir", dir.toString(), "--vars", "{region: us}");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(compiledSql()).contains("region = 'us'");
        CliRun before = kiln("--vars", "region: ap", "--project-dir", dir.toString(), "compile");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(compiledSql()).contains("region = 'ap'");
    }

    @Test
    void threadsMustBePositive() {
        Projects.shop(dir);
        CliRun zero = kiln("compile", "--project-dir", dir.toString(), "--threads", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("threads").doesNotContain("\tat ");
        CliRun word = kiln("compile", "--project-dir", dir.toString(), "--threads", "many");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("--threads");
    }

    @Test
    void versionPrintsKilnsVersion() {
        CliRun run = kiln("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("kiln " + Kiln.VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "compile --help", "ls --help", "clean --help", "help ls", "ls -h"})
    void everyCommandHasHelp(String args) {
        CliRun run = kiln(args.split(" "));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: kiln").contains("--project-dir");
    }

    /** Every compiled SQL file under target/compiled, concatenated. */
    private String compiledSql() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve("target/compiled"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sb.append(Files.readString(f)).append('\n');
            }
        }
        return sb.toString();
    }
}
