package dev.kiln.internal.select;

import dev.kiln.CompiledProject;
import dev.kiln.Selection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selection on a 10,000-model project (plus 1,000 tests): every kind of selection completes on a
 * project of that size, and its CPU cost is printed. Nothing here asserts a time: speed is
 * measured by the benchmarks ({@code docs/benchmarks.md}), not by unit tests.
 */
class SelectorPerformanceTest {

    private static final int MODELS = 10_000;

    @TempDir
    static Path dir;
    static CompiledProject project;

    @BeforeAll
    static void buildALargeProject() {
        project = SyntheticProject.build(dir, MODELS);
    }

    @Test
    void graphOperatorsReachTheWholeProject() {
        int all = MODELS + MODELS / 10;
        assertThat(new Selector(project, null).select(Selection.parse("+m_9999"))).hasSize(all);
        assertThat(new Selector(project, null).select(Selection.parse("source:raw+"))).hasSize(all);
        assertThat(new Selector(project, null).select(Selection.parse("m_9998+"))).hasSize(2);
        assertThat(new Selector(project, null).select(Selection.parse("f7"))).hasSize(MODELS / 20) // f7 holds no tested models
                .allSatisfy(n -> assertThat(n.node().origin().path().toString()).startsWith("models/f7/"));
    }

    @Test
    void everySelectionRunsOnALargeProjectAndPrintsItsCost() {
        assertThat(project.nodes()).hasSize(MODELS + MODELS / 10);
        List<Selection> selections = List.of(
                Selection.ALL,
                Selection.parse("m_5000"),
                Selection.parse("+m_9999"),
                Selection.parse("m_1+"),
                Selection.parse("@m_5000"),
                Selection.parse("2+m_7000+3"),
                Selection.parse("tag:t3+"),
                Selection.parse("f7"),
                Selection.parse("m_1*"),
                Selection.parse("path:models/f3"),
                Selection.parse("file:m_42.sql"),
                Selection.parse("config.materialized:table,tag:t0"),
                Selection.parse("source:raw+"),
                Selection.parse("test_name:not_null"),
                Selection.parse("resource_type:model").excluding("+m_5000", "tag:t1"),
                Selection.parse("m_1 m_2 m_3 m_4 m_5 tag:t4 f9 path:models/f1 +m_300"));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            selections.forEach(s -> new Selector(project, null).select(s));
        }
        for (Selection s : selections) {
            long bestCpu = Long.MAX_VALUE;
            long bestWall = Long.MAX_VALUE;
            for (int run = 0; run < 8; run++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                new Selector(project, null).select(s);
                bestWall = Math.min(bestWall, System.nanoTime() - wall);
                bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpu);
            }
            System.out.printf("select %-75s cpu %3d ms, wall %3d ms%n", s, bestCpu / 1_000_000, bestWall / 1_000_000);
            assertThat(new Selector(project, null).select(s)).as("selection %s", s).isNotNull();
        }
    }
}
