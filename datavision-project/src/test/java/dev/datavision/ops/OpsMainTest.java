package dev.datavision.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the operational systems: what a person gets wrong, and the env file. */
class OpsMainTest {

    @TempDir
    Path dir;

    @Test
    void clockAndDaysBehindTogetherAreRefused() {
        Run r = run("start", "--data", dir.toString(), "--clock", "2026-10-01", "--days-behind", "3");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--clock or --days-behind, not both");
    }

    @Test
    void startingWithoutAHistorySaysHowToMakeOne() {
        Run r = run("start", "--data", dir.toString(), "--pg-port", "0", "--api-port", "0");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("no simulated history in").contains("run --regenerate");
        assertThat(dir.resolve("ops/systems.env")).doesNotExist();
    }

    @Test
    void advancingWhenNothingRunsSaysSo() {
        Run r = run("advance", "--data", dir.toString(), "--days", "2");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("the systems are not running").contains("systems.env");
    }

    @Test
    void aBadDateIsAnInvalidArgument() {
        Run r = run("start", "--data", dir.toString(), "--clock", "yesterday");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("--clock");
    }

    @Test
    void theEnvFileIsForItsOwnerAndReadsBackAsWritten() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATAVISION_APP_DB_URL", "jdbc:postgresql://127.0.0.1:1/datavision");
        env.put("DATAVISION_MARKETING_TOKEN", "it's a secret");
        Path file = dir.resolve("ops/systems.env");
        Main.writeEnv(file, env);
        assertThat(Main.readEnv(file)).isEqualTo(env);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).contains("export DATAVISION_MARKETING_TOKEN='it'\\''s a secret'");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    private record Run(int exit, String err) { }

    private static Run run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
