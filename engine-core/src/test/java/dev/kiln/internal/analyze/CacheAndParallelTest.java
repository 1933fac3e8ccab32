package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.ColumnLineage;
import dev.kiln.ColumnRef;
import dev.kiln.CompiledProject;
import dev.kiln.Derivation;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CacheAndParallelTest {

    @TempDir
    Path dir;

    private TempProject project(int models) {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: t\n"
                        + "        columns: [{name: id}, {name: amount}]\n");
        p.file("models/m_0.sql", "select id, amount from ${source('raw', 't')}\n");
        for (int i = 1; i < models; i++) {
            p.file("models/m_" + i + ".sql", "select a.id, a.amount + coalesce(b.amount, 0) as amount\n"
                    + "from ${ref('m_" + (i - 1) + "')} a left join ${ref('m_" + (i / 2) + "')} b on a.id = b.id\n"
                    + (i % 7 == 0 ? "where a.id in (select id from raw.t)\n" : ""));
        }
        return p;
    }

    @Test
    void aSecondRunParsesNothingAndFindsTheSame() {
        TempProject p = project(30);
        CompiledProject compiled = AnalyzeFixture.compile(p);
        Path cache = dir.resolve("target/analysis-cache");
        AnalyzerOptions options = AnalyzeFixture.options().withCacheDir(cache);
        AnalysisReport cold = new SqlAnalyzer(options).analyze(compiled);
        assertThat(cold.stats().parsed()).isEqualTo(30);
        assertThat(Files.isRegularFile(cache.resolve("analysis.bin"))).isTrue();
        AnalysisReport warm = new SqlAnalyzer(options).analyze(compiled);
        assertThat(warm.stats().parsed()).isZero();
        assertThat(warm.stats().cacheHits()).isEqualTo(30);
        assertThat(warm.models()).isEqualTo(cold.models());
        assertThat(warm.diagnostics()).isEqualTo(cold.diagnostics());
    }

    @Test
    void onlyChangedModelsAreParsedAgain() {
        TempProject p = project(10);
        Path cache = dir.resolve("target/analysis-cache");
        AnalyzerOptions options = AnalyzeFixture.options().withCacheDir(cache);
        new SqlAnalyzer(options).analyze(AnalyzeFixture.compile(p));
        p.file("models/m_3.sql", "select id, amount * 2 as amount from ${ref('m_2')}\n");
        AnalysisReport again = new SqlAnalyzer(options).analyze(AnalyzeFixture.compile(p));
        assertThat(again.stats().parsed()).isEqualTo(1);
        assertThat(again.model("model.shop.m_3").orElseThrow().columns().get(1).from().get(0).direct()).isFalse();
    }

    @Test
    void aDamagedCacheIsIgnored() throws Exception {
        TempProject p = project(5);
        Path cache = dir.resolve("target/analysis-cache");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("analysis.bin"), "not a cache");
        AnalysisReport r = new SqlAnalyzer(AnalyzeFixture.options().withCacheDir(cache)).analyze(AnalyzeFixture.compile(p));
        assertThat(r.stats().parsed()).isEqualTo(5);
        assertThat(new SqlAnalyzer(AnalyzeFixture.options().withCacheDir(cache)).analyze(AnalyzeFixture.compile(p))
                .stats().parsed()).isZero();
    }

    @Test
    void parallelRunsGiveTheSameResultAsOneThread() {
        CompiledProject compiled = AnalyzeFixture.compile(project(60));
        AnalysisReport one = new SqlAnalyzer(AnalyzeFixture.options().withParallelism(1)).analyze(compiled);
        AnalysisReport four = new SqlAnalyzer(AnalyzeFixture.options().withParallelism(4)).analyze(compiled);
        assertThat(four.models()).isEqualTo(one.models());
        assertThat(four.diagnostics()).isEqualTo(one.diagnostics()).hasSize(8); // raw.t read by name in 8 models
        assertThat(one.model("model.shop.m_59").orElseThrow().columns().get(1).from())
                .containsExactly(new Derivation(new ColumnRef("model.shop.m_58", "amount"), false),
                        new Derivation(new ColumnRef("model.shop.m_29", "amount"), false));
    }

    @Test
    void anUnchangedProjectReusesTheLastRunAndAnyChangeIsSeen() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: t\n")
                .file("models/a.sql", "select * from ${source('raw', 't')}\n")
                .file("models/b.sql", "select * from ${ref('a')}\n");
        Path cache = dir.resolve("target/analysis-cache");
        AnalyzerOptions options = AnalyzeFixture.options().withCacheDir(cache);
        AnalysisReport first = new SqlAnalyzer(options).analyze(AnalyzeFixture.compile(p));
        assertThat(first.model("model.shop.b").orElseThrow().columnNames()).isEmpty();
        AnalysisReport same = new SqlAnalyzer(options).analyze(AnalyzeFixture.compile(p));
        assertThat(same.models()).isEqualTo(first.models());
        assertThat(same.stats().resolveMillis()).isZero(); // read from the last run's result
        // documenting the source's columns changes b's lineage, although no SQL changed
        p.file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: t\n"
                + "        columns: [{name: id}]\n");
        AnalysisReport documented = new SqlAnalyzer(options).analyze(AnalyzeFixture.compile(p));
        assertThat(documented.stats().parsed()).isZero();
        // the documented column is known; the others YAML does not list still pass through the star
        assertThat(documented.model("model.shop.b").orElseThrow().columns()).first()
                .isEqualTo(new ColumnLineage("id", java.util.List.of(
                        new Derivation(new ColumnRef("model.shop.a", "id"), true))));
        assertThat(documented.model("model.shop.b").orElseThrow().columnsComplete()).isFalse();
    }

    @Test
    void theResultsOfTwoAlternatingVariantsAreBothKept() throws Exception {
        TempProject p = project(5);
        Path cache = dir.resolve("target/analysis-cache");
        AnalyzerOptions options = AnalyzeFixture.options().withCacheDir(cache);
        CompiledProject first = AnalyzeFixture.compile(p);
        p.file("models/m_4.sql", "select id, amount + 1 as amount from ${ref('m_3')}\n");
        CompiledProject second = AnalyzeFixture.compile(p);
        new SqlAnalyzer(options).analyze(first);
        new SqlAnalyzer(options).analyze(second);
        // without the parse cache, only a run's stored result spares parsing
        Files.delete(cache.resolve("analysis.bin"));
        // like kiln run: offline, then against the warehouse, alternately; both results are found
        assertThat(new SqlAnalyzer(options).analyze(first).stats().parsed()).isZero();
        assertThat(new SqlAnalyzer(options).analyze(second).stats().parsed()).isZero();
        try (java.util.stream.Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("last-run-"))).hasSize(2);
        }
        // a third variant pushes out the one used least recently
        p.file("models/m_4.sql", "select id, amount + 2 as amount from ${ref('m_3')}\n");
        new SqlAnalyzer(options).analyze(AnalyzeFixture.compile(p));
        try (java.util.stream.Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("last-run-"))).hasSize(2);
        }
        Files.delete(cache.resolve("analysis.bin"));
        assertThat(new SqlAnalyzer(options).analyze(second).stats().parsed()).isZero();
        assertThat(new SqlAnalyzer(options).analyze(first).stats().parsed()).isEqualTo(5); // pushed out
    }
}
