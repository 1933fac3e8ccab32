package dev.kiln.ingest;

import dev.kiln.CompiledNode;
import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import dev.kiln.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON lines read by DuckDB itself, killed with {@code kill -9} (a child JVM destroyed forcibly)
 * while DuckDB inserts them: the next run loads every line exactly once.
 */
class NativeCrashTest {

    @TempDir
    Path dir;

    @Test
    void aLoadKilledWhileDuckDbReadsTheFilesNeitherLosesNorDuplicatesLines() throws Exception {
        Loads p = new Loads(dir.resolve("project"), Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: lines
                        load: {path: landing/*.jsonl}
                """);
        Random random = new Random(7);
        int files = 0;
        int midway = 0;
        for (int round = 0; round < 4; round++) {
            for (int f = 0; f < 2; f++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 150_000; i++) {
                    sb.append("{\"file\": ").append(files).append(", \"n\": ").append(i)
                            .append(", \"ctx\": {\"at\": \"2026-11-01T10:00:00Z\", \"note\": \"line ").append(i).append("\"}}\n");
                }
                p.file("landing/" + String.format("%03d", files++) + ".jsonl", sb.toString());
            }
            Path out = dir.resolve("child-" + round + ".txt");
            Process child = start(p.project.root(), out);
            // wait until the check reported its first file (DuckDB is inserting), then kill
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.isAlive() && System.nanoTime() < deadline && !Files.readString(out).contains("loading logs.lines:")) {
                Thread.sleep(20);
            }
            Thread.sleep(random.nextInt(150));
            if (child.isAlive()) {
                child.destroyForcibly().waitFor();
                if (!Files.readString(out).contains("loaded logs.lines")) {
                    midway++;
                }
            }
            assertThat(Files.readString(out)).doesNotContain("record by record");
        }
        Path out = dir.resolve("child-last.txt");
        Process last = start(p.project.root(), out);
        assertThat(last.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(last.exitValue()).as(Files.readString(out)).isZero();
        assertThat(midway).as("loads killed while DuckDB inserted").isGreaterThan(0);
        long total = files * 150_000L;
        assertThat(p.rows("select count(*), count(distinct (file, n)), count(distinct _kiln_id) from raw.lines"))
                .containsExactly(total + "|" + total + "|" + total);
    }

    private static Process start(Path project, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), project.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** {@code kiln load} in a child JVM, its progress lines on standard output. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) {
            try (Kiln k = Kiln.configure().projectDir(Path.of(args[0])).listener(new KilnListener() {
                @Override
                public void progress(CompiledNode node, String line) {
                    System.out.println(line);
                    System.out.flush();
                }
            }).load()) {
                boolean ok = k.load(Selection.ALL).results().stream().allMatch(r -> r.status().letsDownstreamRun());
                System.exit(ok ? 0 : 3);
            }
        }
    }
}
