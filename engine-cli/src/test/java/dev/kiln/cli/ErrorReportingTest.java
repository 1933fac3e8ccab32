package dev.kiln.cli;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;

import java.nio.file.Path;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorReportingTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownOptionIsAUsageErrorWithoutAStackTrace() {
        CliRun run = kiln("ls", "--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--bogus'", "Usage: kiln ls", "kiln ls --help")
                .doesNotContain("\tat ", "Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithSuggestions() {
        CliRun run = kiln("compil");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("compil", "compile").doesNotContain("\tat ");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = kiln("--project-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: kiln", "Commands:", "compile");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a: 1", "[1, 2]", "just words", "a: [1"})
    void badVarsAreAUsageError(String vars) {
        Projects.shop(dir);
        CliRun run = kiln("compile", "--project-dir", dir.toString(), "--vars", vars);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--vars", "mapping").doesNotContain("\tat ");
    }

    @Test
    void aBrokenProjectIsReportedWithFileLineAndColumn() {
        Projects.shop(dir)
                .file("models/marts/broken.sql", "select 1\nfrom ${ref('no_such_model')}\n")
                .file("models/bad.yml", "version: 2\nmodels:\n  - name: x\n   description: [\n");
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).containsPattern("models/bad\\.yml:\\d+:\\d+: error: ")
                .doesNotContain("\tat ", "Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aTemplateErrorNamesTheModelFileLineAndColumn() {
        Projects.shop(dir).file("models/marts/broken.sql", "select 1\nfrom ${ref('no_such_model')}\n");
        CliRun run = kiln("ls", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).containsPattern("models/marts/broken\\.sql:2:\\d+: error: .*no_such_model")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingProjectIsAUsageError() {
        CliRun run = kiln("compile", "--project-dir", dir.resolve("nowhere").toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("kiln.yml").doesNotContain("\tat ");
    }

    @Test
    void warningsGoToStderrAndDoNotFailTheCommand() {
        Projects.shop(dir).file("kiln.yml", """
                name: shop
                vars: {region: eu}
                models:
                  no_such_folder:
                    +schema: x
                targets:
                  dev: {type: ansi}
                """);
        CliRun run = kiln("compile", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).containsPattern("kiln\\.yml:\\d+:\\d+: warning: .*no_such_folder");
        assertThat(run.out()).doesNotContain("warning");
    }

    @Test
    void aFailureMapsToItsErrorCodesExitCode() {
        CliRun run = kiln(cli -> cli.addSubcommand(new Failing()), "failing");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("2 models failed.").doesNotContain("\tat ");
    }

    @Test
    void anUnexpectedExceptionIsAnInternalErrorWithATraceOnlyWithDebug() {
        CliRun plain = kiln(cli -> cli.addSubcommand(new Crashing()), "crashing");
        assertThat(plain.exitCode()).isEqualTo(ErrorHandler.INTERNAL_ERROR).isEqualTo(1);
        assertThat(plain.err()).contains("internal error: java.lang.IllegalStateException: boom", "--debug")
                .doesNotContain("\tat ");
        CliRun debug = kiln(cli -> cli.addSubcommand(new Crashing()), "crashing", "--debug");
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).contains("internal error: java.lang.IllegalStateException: boom", "\tat ");
    }

    @Test
    void anErrorSuchAsABrokenClassPathIsAnInternalErrorToo() {
        CliRun run = kiln(cli -> cli.addSubcommand(new Linkage()), "linkage");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("internal error: java.lang.NoClassDefFoundError: some/Missing")
                .doesNotContain("\tat ");
    }

    /** A command that fails like a run with failing models. */
    @Command(name = "failing")
    static final class Failing extends KilnSubcommand {
        @Override
        protected int execute(Terminal terminal) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "2 models failed.");
        }
    }

    /** A command with a bug. */
    @Command(name = "crashing")
    static final class Crashing extends KilnSubcommand {
        @Override
        protected int execute(Terminal terminal) {
            throw new IllegalStateException("boom");
        }
    }

    /** A command whose class path is broken. */
    @Command(name = "linkage")
    static final class Linkage extends KilnSubcommand {
        @Override
        protected int execute(Terminal terminal) {
            throw new NoClassDefFoundError("some/Missing");
        }
    }
}
