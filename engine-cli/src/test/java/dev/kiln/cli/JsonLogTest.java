package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyLineOfABuildIsOneJsonEventInDbtsShape() throws Exception {
        Warehouse.shop(dir);
        CliRun run = kiln("--log-format", "json", "build", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1); // the shop has a failing test
        List<JsonNode> events = events(run.out());
        events.addAll(events(run.err()));
        String invocation = events.get(0).path("info").path("invocation_id").asText();
        assertThat(invocation).isNotBlank();
        for (JsonNode e : events) {
            JsonNode info = e.path("info");
            assertThat(info.path("name").asText()).isNotBlank();
            assertThat(info.path("msg").isTextual()).isTrue();
            assertThat(info.path("level").asText()).isIn("debug", "info", "warn", "error");
            assertThat(info.path("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(info.path("invocation_id").asText()).isEqualTo(invocation);
            assertThat(e.path("data").isObject()).isTrue();
        }
        List<String> names = events.stream().map(e -> e.path("info").path("name").asText()).toList();
        assertThat(names).contains("MainReportVersion", "FoundStats", "NodeStart", "LogModelResult", "LogTestResult",
                "LogSeedResult", "NodeFinished", "StatsLine", "RunResultFailure");
        JsonNode dim = events.stream().filter(e -> e.path("info").path("name").asText().equals("LogModelResult")
                && e.path("data").path("node_info").path("unique_id").asText().equals("model.shop.dim_users")).findFirst().orElseThrow();
        assertThat(dim.path("data").path("status").asText()).isEqualTo("success");
        assertThat(dim.path("data").path("node_info").path("materialized").asText()).isEqualTo("table");
        assertThat(dim.path("data").path("node_info").path("node_relation").path("schema").asText()).isEqualTo("analytics");
        assertThat(dim.path("info").path("msg").asText()).contains("OK").contains("analytics.dim_users");
        JsonNode failed = events.stream().filter(e -> e.path("info").path("name").asText().equals("LogTestResult")
                && e.path("data").path("status").asText().equals("fail")).findFirst().orElseThrow();
        assertThat(failed.path("info").path("level").asText()).isEqualTo("error");
    }

    @Test
    void errorsAndOtherCommandsAreJsonToo() throws Exception {
        Warehouse.shop(dir).file("models/broken.sql", "select * from ${ref('nope_16c')}\n");
        CliRun run = kiln("compile", "--log-format", "json", "--project-dir", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        List<JsonNode> errors = events(run.err());
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).path("info").path("name").asText()).isEqualTo("MainEncounteredError");
        assertThat(errors.get(0).path("info").path("level").asText()).isEqualTo("error");
        assertThat(errors.get(0).path("info").path("msg").asText()).contains("models/broken.sql:1:").contains("nope_16c");

        Warehouse.shop(dir.resolve("ok"));
        CliRun ls = kiln("ls", "--log-format", "json", "--output", "name", "--project-dir", dir.resolve("ok").toString());
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(events(ls.out())).extracting(e -> e.path("info").path("msg").asText()).contains("dim_users", "stg_users");
    }

    /** Every non-blank line parsed as JSON (fails on a line that is not). */
    private static List<JsonNode> events(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }
}
