package dev.kiln.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Relation;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The statement log of the overhead benchmark ({@code -Dkiln.duckdb.statementLog}): every statement, in start order. */
class StatementLogTest {

    @TempDir
    Path dir;

    @Test
    void recordsEveryStatementWithItsThreadKindAndTimes() throws Exception {
        Path log = dir.resolve("statements.jsonl");
        System.setProperty(StatementLog.PROPERTY, log.toString());
        try (DuckDbAdapter adapter = DuckDbAdapter.open(new DuckDbSettings(dir.resolve("db.duckdb"), "main", Map.of(), List.of()));
             Session s = adapter.openSession()) {
            s.execute("create table t as select 1 as x, 'a\"b\\nc' as y");
            assertThat(s.query("select count(*) from t", 10).scalar()).isEqualTo(1L);
            assertThat(s.describe(Relation.of("main", "t"))).isPresent();
        } finally {
            System.clearProperty(StatementLog.PROPERTY);
        }
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(log)) {
            lines.add(json.readTree(line));
        }
        List<String> kinds = lines.stream().map(n -> n.get("kind").asText()).toList();
        assertThat(kinds).startsWith("setup").contains("statement", "metadata");
        assertThat(lines).filteredOn(n -> n.get("kind").asText().equals("statement")).extracting(n -> n.get("sql").asText())
                .containsSubsequence("create table t as select 1 as x, 'a\"b\\nc' as y", "select count(*) from t");
        assertThat(lines).extracting(n -> n.get("thread").asText()).contains(Thread.currentThread().getName());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = lines.get(i);
            assertThat(n.get("end_us").asLong()).isGreaterThanOrEqualTo(n.get("start_us").asLong());
            assertThat(n.get("ok").asBoolean()).isTrue();
            assertThat(n.get("db").asText()).startsWith("jdbc:duckdb:");
            if (i > 0) {
                assertThat(n.get("start_us").asLong()).isGreaterThanOrEqualTo(lines.get(i - 1).get("start_us").asLong());
            }
        }
    }
}
