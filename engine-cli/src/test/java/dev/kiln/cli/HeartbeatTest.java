package dev.kiln.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/** A run that prints nothing for a while says which nodes are still running. */
class HeartbeatTest {

    @TempDir
    Path dir;

    /** A model whose query keeps DuckDB busy for a while (hundreds of milliseconds at least). */
    private void slowProject() {
        Warehouse.passingShop(dir).file("models/marts/slow_count.sql",
                "select count(*) as n from range(60000000) t(x) where x % 7 = 3\n");
    }

    @Test
    void aSilentRunNamesTheNodesStillRunningAndHowLong() {
        slowProject();
        CliRun run = kiln("build", "-s", "slow_count", "--progress-interval", "0.05", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out())
                .containsPattern("(?m)^  still running \\(0 of 1 done\\): analytics\\.slow_count \\d+s$")
                .containsPattern("(?m)^1 of 1 OK created table analytics\\.slow_count ");
        // nothing after the node's own line: the heartbeat stops when the run ends
        List<String> lines = run.lines();
        int finished = indexOf(lines, "1 of 1 OK");
        assertThat(lines.subList(finished, lines.size())).noneMatch(l -> l.contains("still running"));
    }

    @Test
    void zeroTurnsItOff() {
        slowProject();
        CliRun run = kiln("build", "-s", "slow_count", "--progress-interval", "0", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("still running");
    }

    @Test
    void aNegativeIntervalIsAUsageError() {
        slowProject();
        CliRun run = kiln("build", "--progress-interval", "-1", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("--progress-interval must be a number of seconds, 0 or more (was -1.0)");
    }

    @Test
    void theLineNamesTheOldestFourAndCountsTheRest() {
        List<String> printed = new ArrayList<>();
        try (Heartbeat beat = new Heartbeat(Duration.ZERO, printed::add)) {
            for (int i = 1; i <= 6; i++) {
                beat.started("main.m" + i, 9);
            }
            beat.finished("main.m2");
            String line = beat.line(System.nanoTime());
            assertThat(line).matches("  still running \\(1 of 9 done\\): main\\.m1 \\d+s, main\\.m3 \\d+s, "
                    + "main\\.m4 \\d+s, main\\.m5 \\d+s and 1 more");
        }
        assertThat(printed).isEmpty(); // interval zero: never printed by itself
    }

    @Test
    void elapsedTimesReadLikeAClock() {
        assertThat(Heartbeat.elapsed(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Heartbeat.elapsed(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Heartbeat.elapsed(Duration.ofSeconds(7380))).isEqualTo("2h03m");
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix + ": " + lines);
    }
}
