package dev.kiln;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.SyntaxChecker;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The analyze stage through the embedding API: compile fails on errors, strict, the switch, the adapter's checker. */
class AnalysisApiTest {

    @TempDir
    Path dir;

    /** An ANSI adapter whose "parser" rejects the word {@code frm}, and notes when it is closed. */
    private static final class CheckingAdapter implements AdapterProvider {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public String type() {
            return "ansi";
        }

        @Override
        public Dialect dialect(TargetConfig target) {
            return Dialect.ANSI;
        }

        @Override
        public Adapter open(AdapterContext context) {
            throw new KilnException(ErrorCode.ADAPTER_UNAVAILABLE, "compile only");
        }

        @Override
        public Optional<SyntaxChecker> syntaxChecker(TargetConfig target) {
            return Optional.of(new SyntaxChecker() {
                @Override
                public String id() {
                    return "test-checker-1";
                }

                @Override
                public Optional<Failure> check(String sql) {
                    int at = sql.indexOf(" frm ");
                    return at < 0 ? Optional.empty() : Optional.of(new Failure(at + 1, "syntax error at \"frm\""));
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            });
        }
    }

    private TempProject project() {
        return TempProject.create(dir, "shop", "ansi")
                .file("models/base.sql", "select 1 as id, 'a' as kind\n")
                .file("models/kinds.sql", "select kind, count(*) as n\nfrom ${ref('base')}\ngroup by all\n");
    }

    @Test
    void theAdaptersCheckerJudgesSyntaxAndIsClosedWithKiln() {
        project().file("models/bad.sql", "select id\n  frm ${ref('base')}\n");
        CheckingAdapter adapter = new CheckingAdapter();
        Kiln kiln = Kiln.configure().projectDir(dir).adapter(adapter).load();
        assertThatThrownBy(kiln::compile).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROJECT_INVALID);
            assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::format)
                    .singleElement().asString().startsWith("models/bad.sql:2:3: error: SQL syntax error: syntax error at \"frm\"");
        });
        assertThat(dir.resolve("target/manifest.json")).doesNotExist();
        kiln.close();
        assertThat(adapter.closed).isTrue();
    }

    @Test
    void sqlCalciteCannotParseIsAWarningUnlessStrict() {
        project();
        List<Diagnostic> warned = new ArrayList<>();
        KilnListener listener = new KilnListener() {
            @Override
            public void warnings(List<Diagnostic> warnings) {
                warned.addAll(warnings);
            }
        };
        try (Kiln kiln = Kiln.configure().projectDir(dir).adapter(new CheckingAdapter()).listener(listener).load()) {
            kiln.compile();
            assertThat(kiln.analysis().model("model.shop.kinds").orElseThrow().status()).isEqualTo(AnalysisStatus.UNKNOWN);
            assertThat(kiln.analysis().model("model.shop.base").orElseThrow().columnNames()).containsExactly("id", "kind");
        }
        assertThat(warned).extracting(Diagnostic::code).containsExactly("analysis-unknown");

        try (Kiln kiln = Kiln.configure().projectDir(dir).adapter(new CheckingAdapter()).strict(true).load()) {
            assertThatThrownBy(kiln::compile).isInstanceOfSatisfying(KilnException.class, e ->
                    assertThat(e.diagnostics()).extracting(Diagnostic::format).singleElement().asString()
                            .startsWith("models/kinds.sql:3:13: error: Calcite cannot parse kinds's SQL"));
        }
    }

    @Test
    void aReadWithoutRefStopsCompileAndTheSwitchTurnsTheStageOff() throws Exception {
        project().file("models/kinds.sql", "select kind from base\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            assertThatThrownBy(kiln::compile).isInstanceOfSatisfying(KilnException.class, e ->
                    assertThat(e.describe()).contains("models/kinds.sql:1:18: error: reads base without ref(); write ${ref('base')}"));
        }
        try (Kiln kiln = Kiln.configure().projectDir(dir).analyze(false).load()) {
            kiln.compile();
            assertThat(new ObjectMapper().readTree(dir.resolve("target/manifest.json").toFile())
                    .get("nodes").get("model.shop.kinds").get("meta").has("kiln")).isFalse();
            // asked for, the analysis still runs, and reports the same error
            assertThatThrownBy(kiln::analysis).isInstanceOf(KilnException.class);
        }
    }

    @Test
    void lineageThroughThePublicApi() {
        project().file("models/kinds.sql", "select upper(kind) as kind_code from ${ref('base')}\n");
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            LineageGraph lineage = kiln.analysis().lineage();
            ColumnRef kind = lineage.resolve("base.kind");
            assertThat(lineage.downstream(kind)).extracting(s -> s.column().toString() + ":" + s.direct())
                    .containsExactly("model.shop.kinds.kind_code:false");
            assertThat(lineage.describe(kind, LineageGraph.Direction.DOWNSTREAM))
                    .isEqualTo("base.kind\n  downstream:\n    kinds.kind_code  transformed\n");
            assertThatThrownBy(() -> lineage.resolve("bsae")).hasMessageContaining("Did you mean 'base'?");
        }
    }
}
