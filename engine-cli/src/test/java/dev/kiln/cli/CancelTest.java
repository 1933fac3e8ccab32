package dev.kiln.cli;

import dev.kiln.spi.Materializer;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C during a build, in a separate JVM: the running statement is aborted, the process ends
 * non-zero within the grace period, and the previous table is still there, whole.
 */
class CancelTest {

    private static final String SLOW = "select sum(range % 7) as n from range(1000000000000)\n";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void ctrlCCancelsTheRunAndLeavesThePreviousTableWhole() throws Exception {
        TempProject project = TempProject.create(dir, "shop", "duckdb").file("kiln.yml", """
                name: shop
                models: {+materialized: table}
                targets:
                  dev: {type: duckdb, path: target/shop.duckdb, threads: 2}
                """).file("models/slow.sql", "select 42 as n\n");
        CliRun first = kiln("run", "--project-dir", dir.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        project.file("models/slow.sql", SLOW);

        Path output = dir.resolve("output.txt");
        Process kiln = new ProcessBuilder(javaCommand("build", "--project-dir", dir.toString(), "--debug"))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            awaitOutput(kiln, output, "debug: started 1 of 1 model.shop.slow", Duration.ofSeconds(90));
            Thread.sleep(1500); // let the slow statement get going
            String signal = ignoresSigint(kiln.pid()) ? "-TERM" : "-INT"; // INT is ignored when started in the background
            Process kill = new ProcessBuilder("kill", signal, Long.toString(kiln.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            Instant sent = Instant.now();
            assertThat(kiln.waitFor(RunningCommand.CANCEL_GRACE.toSeconds() + 15, TimeUnit.SECONDS))
                    .as("kiln ended after %s", signal).isTrue();
            String out = Files.readString(output);
            assertThat(kiln.exitValue()).as(out).isNotZero();
            assertThat(Duration.between(sent, Instant.now())).as(out).isLessThan(RunningCommand.CANCEL_GRACE);
            assertThat(out).contains("Cancelling…", "Cancelled after").contains("1 of 1 ERROR creating table main.slow")
                    .containsPattern("Error in model slow \\(models/slow\\.sql\\)\\R  .*(?i:interrupt)");
        } finally {
            kiln.destroyForcibly();
        }
        assertThat(Warehouse.scalar(dir, "select n from main.slow")).isEqualTo(42);
        assertThat(Warehouse.scalar(dir, "select count(*) from information_schema.tables where table_name like '%"
                + Materializer.TEMP_SUFFIX + "'")).isEqualTo(0L);
    }

    /** {@code java -cp <this test's class path> dev.kiln.cli.Main args…}. */
    private static List<String> javaCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void awaitOutput(Process p, Path output, String text, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(output) && Files.readString(output).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("kiln ended before printing '" + text + "':\n" + Files.readString(output));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("kiln did not print '" + text + "' in " + timeout + ":\n" + Files.readString(output));
    }

    /** Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status), as background jobs may. */
    private static boolean ignoresSigint(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst()
                .map(l -> (Long.parseUnsignedLong(l.substring(7).strip(), 16) & 0x2) != 0).orElse(false);
    }
}
