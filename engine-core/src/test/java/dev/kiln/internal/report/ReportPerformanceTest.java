package dev.kiln.internal.report;

import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report stage on a big project: 600 models by default (many more than one parallel part
 * holds; checks the output only), 10,000 with {@code -Dkiln.perf=true} (also checks loose time
 * bounds; shared CI machines are noisy). The measured times are printed. Goal on 2 cores:
 * 10,000 nodes' manifest well under 150 ms once warm.
 */
class ReportPerformanceTest {

    private static final boolean FULL = Boolean.getBoolean("kiln.perf");
    private static final int FOLDERS = FULL ? 100 : 12;
    private static final int PER_FOLDER = FULL ? 100 : 50;

    @TempDir
    Path dir;

    @Test
    void writesManyNodesQuickly() throws java.io.IOException {
        TempProject p = TempProject.create(dir, "big", "ansi");
        for (int f = 0; f < FOLDERS; f++) {
            for (int m = 0; m < PER_FOLDER; m++) {
                int i = f * PER_FOLDER + m;
                StringBuilder sql = new StringBuilder("select id, amount, created_at, 'model " + i + "' as label\n");
                sql.append("from ").append(i == 0 ? "(select 1 as id, 2 as amount, 3 as created_at)" : "${ref('m" + (i - 1) + "')}");
                if (i > 1) {
                    sql.append("\nleft join ${ref('m").append(i / 2).append("')} using (id)");
                }
                sql.append("\nwhere amount > 0 and created_at is not null\n");
                p.file("models/f" + f + "/m" + i + ".sql", sql.toString());
            }
        }
        long t0 = System.nanoTime();
        CompiledProject compiled;
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            compiled = kiln.compile();
        }
        long compileMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(compiled.nodes()).hasSize(FOLDERS * PER_FOLDER);

        Path target = dir.resolve("target");
        Path stamp = target.resolve("compiled/big").resolve(CompiledSqlWriter.STAMP);
        long bestSql = Long.MAX_VALUE;
        long bestUnchanged = Long.MAX_VALUE;
        long bestManifest = Long.MAX_VALUE;
        for (int run = 0; run < (FULL ? 20 : 3); run++) {
            Files.delete(stamp); // forces a full rewrite
            long s = System.nanoTime();
            new CompiledSqlWriter(target).write(compiled);
            bestSql = Math.min(bestSql, System.nanoTime() - s);
            s = System.nanoTime();
            new CompiledSqlWriter(target).write(compiled);
            bestUnchanged = Math.min(bestUnchanged, System.nanoTime() - s);
            s = System.nanoTime();
            new ManifestWriter(target).write(compiled, new ManifestMetadata("0", "dev", "ansi", Instant.now(), "run" + run));
            bestManifest = Math.min(bestManifest, System.nanoTime() - s);
        }
        System.out.printf("report stage, %d nodes, %d cores: compiled SQL %d ms (unchanged: %d ms), manifest %d ms"
                        + " (whole compile %d ms)%n", compiled.nodes().size(), Runtime.getRuntime().availableProcessors(),
                bestSql / 1_000_000, bestUnchanged / 1_000_000, bestManifest / 1_000_000, compileMs);
        try (Stream<Path> files = Files.walk(target.resolve("compiled"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".sql")).count()).isEqualTo(FOLDERS * PER_FOLDER);
        }
        var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(target.resolve("manifest.json").toFile());
        assertThat(manifest.get("nodes").size()).isEqualTo(FOLDERS * PER_FOLDER);
        assertThat(manifest.get("child_map").size()).isEqualTo(FOLDERS * PER_FOLDER);
        assertThat(manifest.get("parent_map").get("model.big.m" + (FOLDERS * PER_FOLDER - 1))).hasSize(2);
        // timings are printed for a person, never asserted: speed is measured in benchmarks/
    }
}
