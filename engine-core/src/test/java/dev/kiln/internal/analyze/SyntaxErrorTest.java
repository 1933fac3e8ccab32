package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.AnalysisStatus;
import dev.kiln.Diagnostic;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Syntax errors point into the model's file, judged here by Calcite (the ANSI test target has no parser of its own). */
class SyntaxErrorTest {

    @TempDir
    Path dir;

    private AnalysisReport analyze(TempProject p) {
        return AnalyzeFixture.analyze(p, AnalyzeFixture.options().withSyntaxChecker(CalciteSyntaxChecker.lenient()));
    }

    private static Diagnostic onlyError(AnalysisReport r) {
        assertThat(r.diagnostics()).filteredOn(Diagnostic::isError).hasSize(1);
        return r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
    }

    @Test
    void errorAfterAnInterpolationMapsToTheTemplateLineAndColumn() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: users\n")
                .file("models/stg_users.sql", "select * from ${source('raw', 'users')}\n")
                .file("models/report.sql", """
                        <@config materialized="table" />
                        -- users by plan
                        select u.plan, count(*) as n
                        from ${ref('stg_users')} u where u.id > 0 grup by u.plan
                        """);
        Diagnostic d = onlyError(analyze(p));
        assertThat(d.code()).isEqualTo("sql-syntax");
        assertThat(d.position().toString()).as(d.format()).isEqualTo("models/report.sql:4:43");
        assertThat(d.message()).contains("Encountered \"grup\"")
                .endsWith("4 | from ${ref('stg_users')} u where u.id > 0 grup by u.plan\n"
                        + "    |                                           ^");
    }

    @Test
    void errorInsideAnInterpolatedValuePointsAtTheInterpolation() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("kiln.yml", "name: shop\nvars: {cond: 'x >>> 1'}\ntargets:\n  dev: {type: ansi}\n")
                .file("models/m.sql", "select 1 as x from t\nwhere   ${var('cond')}\n");
        Diagnostic d = onlyError(analyze(p));
        assertThat(d.position().toString()).as(d.format()).isEqualTo("models/m.sql:2:9");
    }

    @Test
    void errorInsideFreeMarkerDirectivesStillMapsToTheRightLine() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/m.sql", """
                        <#assign cols = ["a", "b"]>
                        select
                        <#list cols as c>
                          ${c} as col_${c},
                        </#list>
                          1 as one
                        form t
                        """);
        Diagnostic d = onlyError(analyze(p));
        assertThat(d.position().toString()).as(d.format()).isEqualTo("models/m.sql:7:1");
    }

    @Test
    void errorInAnInlinedEphemeralModelIsReportedOnceInThatModel() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/eph.sql", "<@config materialized='ephemeral'/>\nselect 1 as id,\n  2 as x y\n")
                .file("models/top.sql", "select id from ${ref('eph')}\n");
        AnalysisReport r = analyze(p);
        Diagnostic d = onlyError(r);
        assertThat(d.position().toString()).as(d.format()).isEqualTo("models/eph.sql:3:10");
        assertThat(r.model("model.shop.top").orElseThrow().status()).isEqualTo(AnalysisStatus.ERROR);
        assertThat(r.model("model.shop.eph").orElseThrow().status()).isEqualTo(AnalysisStatus.ERROR);
    }

    @Test
    void aFailingTargetParserIsAWarningAndNothingIsCached() throws java.io.IOException {
        TempProject p = AnalyzeFixture.project(dir).file("models/m.sql", "select 1 as x\n");
        dev.kiln.spi.SyntaxChecker broken = new dev.kiln.spi.SyntaxChecker() {
            @Override
            public String id() {
                return "broken-1";
            }

            @Override
            public java.util.Optional<Failure> check(String sql) {
                throw new IllegalStateException("Cannot open a connection to check SQL");
            }
        };
        Path cache = dir.resolve("target/analysis-cache");
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options().withSyntaxChecker(broken).withCacheDir(cache));
        assertThat(r.diagnostics()).filteredOn(d -> d.code().equals("syntax-checker-failed")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("broken-1").contains("Cannot open a connection"));
        assertThat(r.model("model.shop.m").map(m -> m.status())).contains(AnalysisStatus.PARSED);
        try (var files = java.nio.file.Files.list(java.nio.file.Files.createDirectories(cache))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".bin"))).isEmpty();
        }
    }
}
