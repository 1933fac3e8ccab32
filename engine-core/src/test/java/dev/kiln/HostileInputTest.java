package dev.kiln;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Invalid and hostile project files: each is exit 2 ({@link ErrorCode#PROJECT_INVALID}) at
 * load or compile time, with the file, line and column of the problem, and nothing else
 * reported before it; none hangs.
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return TempProject.create(dir, "shop", "ansi").file("kiln.yml", """
                name: shop
                targets:
                  dev: {type: ansi}
                """).file("models/a.sql", "select 1 as id\n");
    }

    private List<Diagnostic> errors(TempProject p) {
        KilnException e = catchThrowableOfType(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).env(Map.of("PW", "x")::get).load()) {
                kiln.compile();
            }
        }, KilnException.class);
        assertThat(e).as("the project is rejected").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PROJECT_INVALID);
        assertThat(e.code().exitCode()).isEqualTo(2);
        return e.diagnostics().stream().filter(Diagnostic::isError).toList();
    }

    @Test
    void anAliasBombStopsQuicklyAtItsLine() {
        StringBuilder yaml = new StringBuilder("version: 2\nvars_bomb:\n  l0: &l0 [x, x]\n");
        for (int i = 1; i <= 30; i++) {
            yaml.append("  l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        TempProject p = project().file("models/bomb.yml", yaml.toString());
        List<Diagnostic> errors = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> errors(p));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).code()).isEqualTo("yaml-too-large");
        assertThat(errors.get(0).position().file()).isEqualTo(Path.of("models/bomb.yml"));
        assertThat(errors.get(0).position().line()).isBetween(3, 33);
    }

    @Test
    void ordinaryAliasesStillWork() {
        TempProject p = project().file("models/schema.yml", """
                version: 2
                models:
                  - name: a
                    config: &cfg {materialized: table, tags: [x, y]}
                  - name: b
                    config: *cfg
                """).file("models/b.sql", "select 2 as id\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            assertThat(kiln.compile().node("model.shop.b").orElseThrow().config().materialized()).isEqualTo("table");
        }
    }

    @Test
    void yamlNestedTooDeepIsReportedWithALine() {
        TempProject p = project().file("models/deep.yml", "version: 2\nx: " + "[".repeat(80) + "]".repeat(80) + "\n");
        List<Diagnostic> errors = errors(p);
        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("yaml-syntax");
            assertThat(d.position().line()).isEqualTo(2);
            assertThat(d.position().column()).isGreaterThan(1);
        });
    }

    @Test
    void invalidUtf8IsReportedAtItsLineAndColumn() throws Exception {
        TempProject p = project();
        byte[] bytes = "select 1 as id,\n  'caf\u00e9' as name\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("models/latin.sql"), bytes);
        assertThat(errors(p)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("invalid-utf8");
            assertThat(d.position()).isEqualTo(new SourcePosition(Path.of("models/latin.sql"), 2, 7));
            assertThat(d.message()).contains("0xE9", "byte offset 22");
        });
    }

    @Test
    void invalidUtf8InKilnYmlIsTheOnlyError() throws Exception {
        TempProject p = project();
        Files.write(dir.resolve("kiln.yml"), "name: shop\n# \u00ff\ntargets:\n  dev: {type: ansi}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(errors(p)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("invalid-utf8");
            assertThat(d.position().line()).isEqualTo(2);
        });
    }

    @Test
    void aYamlErrorInKilnYmlComesWithoutFalseErrors() {
        TempProject p = project().file("kiln.yml", "name: shop\ntargets:\n  dev: {type: ansi\n");
        assertThat(errors(p)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("yaml-syntax");
            assertThat(d.position().file()).isEqualTo(Path.of("kiln.yml"));
            assertThat(d.position().line()).isGreaterThan(1);
        });
    }

    @Test
    void anEmptyModelIsAnErrorAtItsFile() {
        TempProject p = project().file("models/empty.sql", "-- nothing yet\n  \n/* later */\n");
        assertThat(errors(p)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("empty-model");
            assertThat(d.position()).isEqualTo(new SourcePosition(Path.of("models/empty.sql"), 1, 1));
        });
    }

    @Test
    void raggedEmptyAndHeaderlessSeedsAreErrorsAtTheirRow() {
        TempProject p = project()
                .file("seeds/ragged.csv", "id,name\n1,ada\n2,bob,extra\n\"3\",\"c,y\"\n4\n")
                .file("seeds/empty.csv", "")
                .file("seeds/headless.csv", ",name\n1,ada\n")
                .file("seeds/fine.csv", "id,note\n1,\"two\nlines\"\n2,x\n");
        List<Diagnostic> errors = errors(p);
        assertThat(errors).extracting(d -> d.code() + " " + d.position())
                .containsExactlyInAnyOrder("empty-seed seeds/empty.csv:1:1", "bad-seed seeds/headless.csv:1:1",
                        "ragged-seed seeds/ragged.csv:3:1", "ragged-seed seeds/ragged.csv:5:1");
        assertThat(errors).filteredOn(d -> d.position().line() == 3).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("row 2 has 3 fields, the header has 2"));
    }

    @Test
    void aSnapshotsBadRefIsReportedAtTheLineOfTheRef() {
        TempProject p = project().file("snapshots/snap.yml", """
                snapshots:
                  - name: a_history
                    config: {unique_key: id, strategy: check, check_cols: all}
                    relation: ref('nope')
                """);
        assertThat(errors(p)).singleElement().satisfies(d ->
                assertThat(d.position()).isEqualTo(new SourcePosition(Path.of("snapshots/snap.yml"), 4, 15)));
    }

    @Test
    void secretsWrittenInATargetAreRefusedAtLoadWithoutShowingThem() {
        TempProject p = project().file("kiln.yml", """
                name: shop
                targets:
                  dev: {type: ansi}
                  prod:
                    type: athena
                    region: eu-west-1
                    aws_secret_access_key: wJalrXUtnFEMI
                    settings: {s3_access_key_id: AKIA123}
                  ok: {type: ansi, password: "${env_var('PW')}"}
                """);
        List<Diagnostic> errors = errors(p);
        assertThat(errors).extracting(d -> d.code() + " " + d.position())
                .containsExactly("secret-in-target kiln.yml:7:5", "secret-in-target kiln.yml:8:16");
        assertThat(errors).allSatisfy(d -> assertThat(d.message() + d.hint()).doesNotContain("wJalrXUtnFEMI", "AKIA123"));
    }
}
