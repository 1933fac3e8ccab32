package dev.kiln.junit;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.NodeOrigin;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Project;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.SourcePosition;
import dev.kiln.UnitTestSpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a run's results into dynamic tests: one per unit test and data test, named by the test
 * and pointing at where it is declared (so an IDE can jump there), plus {@code kiln build} for
 * the seeds, models and snapshots.
 */
final class ResultTests {

    /** The name of the test that stands for the seeds, models and snapshots. */
    static final String BUILD = "kiln build";

    private final Path projectDir;
    private final Project project;
    private final CompiledProject compiled;

    ResultTests(Path projectDir, Project project, CompiledProject compiled) {
        this.projectDir = projectDir;
        this.project = project;
        this.compiled = compiled;
    }

    List<DynamicTest> tests(RunResults results) {
        List<NodeResult> built = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (NodeResult r : results.results()) {
            UnitTestSpec unit = project.unitTests().get(r.uniqueId());
            if (unit != null) {
                tests.add(test(unit.name(), unit.origin(), r, null));
                continue;
            }
            CompiledNode node = compiled.node(r.uniqueId()).orElse(null);
            if (node == null) {
                continue;
            }
            if (node.resourceType() == ResourceType.TEST) {
                tests.add(test(node.name(), node.node().origin(), r, node.compiledSql()));
            } else {
                built.add(r);
            }
        }
        if (!built.isEmpty()) {
            // with a source of its own (the project file), Surefire reports it by name, not as "factory()[1]"
            tests.add(0, DynamicTest.dynamicTest(BUILD, projectDir.resolve("kiln.yml").toUri(), () -> checkBuilt(built)));
        }
        return tests;
    }

    private DynamicTest test(String name, NodeOrigin origin, NodeResult r, String failingRowsSql) {
        Executable check = () -> {
            switch (r.status()) {
                case FAIL -> throw new AssertionFailedError(failure(name, origin, r, failingRowsSql));
                case ERROR -> throw new KilnException(ErrorCode.EXECUTION_FAILED, r.message());
                case SKIPPED -> throw new TestAbortedException(r.message());
                default -> {
                    // PASS, and WARN: a warning does not fail a test
                }
            }
        };
        return DynamicTest.dynamicTest(name, source(origin), check);
    }

    private static String failure(String name, NodeOrigin origin, NodeResult r, String failingRowsSql) {
        StringBuilder sb = new StringBuilder(name);
        if (origin != null && origin.position() != null) {
            sb.append(" (").append(origin.position()).append(')');
        }
        sb.append(": ").append(r.message() == null ? "failed" : r.message().strip());
        if (failingRowsSql != null && !failingRowsSql.isBlank()) {
            sb.append("\n\nThe failing rows:\n").append(failingRowsSql.strip());
        }
        return sb.toString();
    }

    private static void checkBuilt(List<NodeResult> built) {
        List<NodeResult> errors = built.stream().filter(r -> r.status() == NodeStatus.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, errors.size() + " of " + built.size()
                    + " seeds, models and snapshots failed to build:\n" + errors.stream()
                    .map(r -> r.uniqueId() + ": " + (r.message() == null ? "" : r.message().strip()))
                    .collect(Collectors.joining("\n")));
        }
    }

    /**
     * {@code file:///…/schema.yml?line=9&column=13}: JUnit reports it as a file source with a
     * position; {@code kiln.yml} when the origin is unknown. (A dynamic test without a source
     * of its own is reported by Surefire as {@code factory()[n]} instead of by name.)
     */
    private URI source(NodeOrigin origin) {
        if (origin == null || origin.path() == null) {
            return projectDir.resolve("kiln.yml").toUri();
        }
        String uri = projectDir.resolve(origin.path()).toUri().toString();
        SourcePosition p = origin.position();
        if (p != null && p.line() > 0) {
            uri += "?line=" + p.line() + (p.column() > 0 ? "&column=" + p.column() : "");
        }
        return URI.create(uri);
    }
}
