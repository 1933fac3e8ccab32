package dev.kiln.ingest;

import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads into {@code external_location} on DuckDB: a folder of Parquet files, one per load. */
class ExternalLocationTest {

    @TempDir
    Path dir;

    private List<String> files(String folder) throws Exception {
        Path f = dir.resolve(folder);
        if (!Files.isDirectory(f)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(f)) {
            return all.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void mergesIntoAFolderOfParquetFilesThatModelsRead() throws Exception {
        Loads p = new Loads(dir, Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: sessions
                        external_location: data/raw/logs/sessions
                        load: {path: landing/*.jsonl, primary_key: session_id, disposition: merge}
                """).file("models/session_count.sql", "select count(*) as n, max(device) as device from ${source('logs', 'sessions')}\n");
        p.file("landing/1.jsonl", """
                {"session_id": 1, "device": "ios", "events": [{"kind": "view"}, {"kind": "click"}]}
                {"session_id": 2, "device": "web", "events": [{"kind": "view"}]}
                """);
        RunResults first = p.build();
        assertThat(first.results()).allMatch(r -> r.status() == NodeStatus.SUCCESS);
        assertThat(files("data/raw/logs/sessions")).hasSize(1).allMatch(f -> f.endsWith(".parquet"));
        assertThat(files("data/raw/logs/sessions__events")).hasSize(1);
        assertThat(p.rows("select n, device from main.session_count")).containsExactly("2|web");

        Files.writeString(dir.resolve("data/raw/logs/sessions/1000.abcd.parquet"), "left by a crashed load");
        p.file("landing/2.jsonl", """
                {"session_id": 1, "device": "android", "events": [{"kind": "scroll"}]}
                {"session_id": 3, "device": "web"}
                """);
        NodeResult second = Loads.only(p.load());
        assertThat(second.status()).as(second.message()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(files("data/raw/logs/sessions")).as("the merge rewrote one file; the orphan is gone").hasSize(1);
        String glob = dir.resolve("data/raw/logs").toString();
        assertThat(dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:", "select session_id, device from read_parquet('" + glob
                + "/sessions/*.parquet') order by 1")).containsExactly("1|android", "2|web", "3|web");
        assertThat(dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:", "select kind from read_parquet('" + glob
                + "/sessions__events/*.parquet') order by 1")).containsExactly("scroll", "view");
    }

    @Test
    void appendAddsOneFilePerLoadAndFullRefreshStartsOver() throws Exception {
        Loads p = new Loads(dir, Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    loader: {from: files}
                    tables:
                      - name: lines
                        external_location: data/raw/lines
                        load: {path: landing/*.jsonl}
                """);
        p.file("landing/1.jsonl", "{\"n\": 1}\n");
        p.load();
        p.file("landing/2.jsonl", "{\"n\": 2, \"extra\": \"x\"}\n");
        p.load();
        assertThat(files("data/raw/lines")).hasSize(2);
        String glob = dir.resolve("data/raw/lines").toString();
        assertThat(dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:", "select n, extra from read_parquet('" + glob
                + "/*.parquet', union_by_name = true) order by 1")).containsExactly("1|null", "2|x");
        p.fullRefresh();
        assertThat(files("data/raw/lines")).hasSize(1);
        assertThat(dev.kiln.testkit.JdbcRows.query("jdbc:duckdb:", "select count(*) from read_parquet('" + glob
                + "/*.parquet')")).containsExactly("2");
    }
}
