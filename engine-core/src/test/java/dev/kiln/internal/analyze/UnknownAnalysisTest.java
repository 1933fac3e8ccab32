package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.AnalysisStatus;
import dev.kiln.ColumnRef;
import dev.kiln.Derivation;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** SQL that Calcite cannot parse never fails a build, unless strict. */
class UnknownAnalysisTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return AnalyzeFixture.project(dir)
                .file("models/base.sql", "select 1 as id, 'x' as name\n")
                .file("models/duck.sql", """
                        select id, {'k': name} as s, [1, 2, 3] as l
                        from ${ref('base')}
                        group by all
                        """)
                .file("models/after.sql", "select * from ${ref('duck')}\n");
    }

    @Test
    void unparseableSqlIsUnknownWithOneWarning() {
        AnalysisReport r = AnalyzeFixture.analyze(project(), AnalyzeFixture.options());
        ModelAnalysis duck = r.model("model.shop.duck").orElseThrow();
        assertThat(duck.status()).isEqualTo(AnalysisStatus.UNKNOWN);
        assertThat(duck.problem()).contains("Encountered");
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(d.code()).isEqualTo("analysis-unknown");
            assertThat(d.message()).contains("1 model (duck)");
        });
        assertThat(r.stats().unknown()).isEqualTo(1);
        // a model downstream of an unknown one still parses; its star stays open
        ModelAnalysis after = r.model("model.shop.after").orElseThrow();
        assertThat(after.status()).isEqualTo(AnalysisStatus.PARSED);
        assertThat(after.columnsComplete()).isFalse();
        assertThat(after.columns()).singleElement().satisfies(c -> assertThat(c.from())
                .containsExactly(new Derivation(new ColumnRef("model.shop.duck", "*"), true)));
    }

    @Test
    void strictTurnsUnknownIntoAnErrorAtTheModel() {
        AnalysisReport r = AnalyzeFixture.analyze(project(), AnalyzeFixture.options().withStrict(true));
        assertThat(r.hasErrors()).isTrue();
        Diagnostic d = r.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertThat(d.code()).isEqualTo("analysis-unknown");
        assertThat(d.position().file().toString()).isEqualTo("models/duck.sql");
        assertThat(d.position().line()).isEqualTo(1);
        assertThat(d.message()).contains("duck").contains("1 | select id, {'k': name}");
    }

    @Test
    void documentedColumnsStandInForAnUnknownModel() {
        TempProject p = project().file("models/duck.yml", """
                version: 2
                models:
                  - name: duck
                    columns: [{name: id}, {name: s}, {name: l}]
                """);
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        ModelAnalysis after = r.model("model.shop.after").orElseThrow();
        assertThat(after.columnNames()).startsWith("id", "s", "l");
        // YAML may not list every column: the star stays open for the others
        assertThat(after.columnsComplete()).isFalse();
        // under an enforced contract, the documented columns are all its columns
        p.file("models/duck.yml", """
                version: 2
                models:
                  - name: duck
                    config: {contract: {enforced: true}}
                    columns: [{name: id, data_type: integer}, {name: s, data_type: varchar}, {name: l, data_type: varchar}]
                """);
        ModelAnalysis contracted = AnalyzeFixture.analyze(p, AnalyzeFixture.options()).model("model.shop.after").orElseThrow();
        assertThat(contracted.columnNames()).containsExactly("id", "s", "l");
        assertThat(contracted.columnsComplete()).isTrue();
    }
}
