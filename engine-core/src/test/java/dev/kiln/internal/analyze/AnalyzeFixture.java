package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.spi.Dialect;
import dev.kiln.testkit.TempProject;

import java.nio.file.Path;

/** Compiles a test project (type {@code ansi}) and analyses it. */
final class AnalyzeFixture {

    private AnalyzeFixture() {
    }

    /** A project named {@code shop} in {@code dir}. */
    static TempProject project(Path dir) {
        return TempProject.create(dir, "shop", "ansi");
    }

    /** Compiles the project. */
    static CompiledProject compile(TempProject p) {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).analyze(false).load()) {
            return kiln.compile();
        }
    }

    /** Options for the ANSI test dialect: no checker, no cache. */
    static AnalyzerOptions options() {
        return AnalyzerOptions.of(Dialect.ANSI);
    }

    /** Compiles and analyses with {@code options}. */
    static AnalysisReport analyze(TempProject p, AnalyzerOptions options) {
        return new SqlAnalyzer(options).analyze(compile(p));
    }
}
