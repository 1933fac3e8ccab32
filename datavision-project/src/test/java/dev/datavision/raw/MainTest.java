package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path tmp;

    @Test
    void generatesWithTheGivenOptionsAndPutsTheGroundTruthBesideTheRawLayer() throws Exception {
        Path out = tmp.resolve("data/raw");
        int code = Main.run("--out", out.toString(), "--scale", "120", "--seed", "9", "--as-of", "2026-06-01", "--quiet");

        assertThat(code).isZero();
        assertThat(out.resolve("users/part-00000.parquet")).exists();
        assertThat(tmp.resolve("data/ground_truth/user_truth/part-00000.parquet")).exists();
        assertThat(Files.readString(out.resolve("_manifest.json")))
                .contains("\"seed\": 9", "\"scale\": 120", "\"as_of\": \"2026-06-01\"", "\"history_start\": \"2024-12-01\"");
        try (Sql sql = new Sql(tmp.resolve("data"))) {
            assertThat(sql.count("SELECT count(*) FROM sessions WHERE started_at >= TIMESTAMP '2026-06-01'")).isZero();
            assertThat(sql.count("SELECT count(*) FROM sessions WHERE started_at >= TIMESTAMP '2026-05-01'")).isPositive();
        }
    }

    @Test
    void truthDirectoryCanBeChosen() {
        Path out = tmp.resolve("raw");
        Path truth = tmp.resolve("elsewhere/truth");
        assertThat(Main.run("--out", out.toString(), "--truth-out", truth.toString(), "--scale", "40", "-q")).isZero();
        assertThat(truth.resolve("user_truth/part-00000.parquet")).exists();
    }

    @Test
    void invalidArgumentsExitWithTwo() {
        assertThat(Main.run("--scale", "0", "--out", tmp.resolve("raw").toString())).isEqualTo(2);
        assertThat(Main.run("--as-of", "yesterday", "--out", tmp.resolve("raw").toString())).isEqualTo(2);
        assertThat(Main.run("--no-such-option")).isEqualTo(2);
        assertThat(tmp.resolve("raw")).doesNotExist();
    }

    @Test
    void helpExitsWithZero() {
        assertThat(Main.run("--help")).isZero();
    }

    @Test
    void aGenerationFailureExitsWithOne() throws Exception {
        Files.writeString(tmp.resolve("raw"), "a file");
        assertThat(Main.run("--out", tmp.resolve("raw").toString(), "--scale", "20", "-q")).isEqualTo(1);
    }
}
