package dev.kiln.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load killed with {@code kill -9} (a child JVM destroyed forcibly) at random moments neither
 * loses nor duplicates rows on the next run: rows and cursor commit in one transaction.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void killedLoadsNeitherLoseNorDuplicateRows() throws Exception {
        Path source = dir.resolve("app.duckdb");
        String sourceUrl = "jdbc:duckdb:" + source;
        Loads p = new Loads(dir.resolve("project"), Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: app
                    schema: raw
                    loader: {from: jdbc, url: "%s"}
                    tables:
                      - name: events
                        load: {table: events, cursor: id, disposition: append}
                      - name: accounts
                        load: {table: accounts, cursor: version, primary_key: account_id, disposition: merge}
                  - name: logs
                    schema: raw
                    loader: {from: files}
                    tables:
                      - name: lines
                        load: {path: landing/*.jsonl}
                      - name: line_files
                        external_location: data/raw/lines
                        load: {path: landing/*.jsonl}
                """.formatted(sourceUrl));
        Random random = new Random(42);
        long total = 0;
        int lineFiles = 0;
        int kills = 0;
        for (int round = 0; round < 6; round++) {
            long from = total;
            total += 150_000;
            exec(sourceUrl, round == 0 ? "create table events (id bigint, payload varchar)" : "select 1",
                    round == 0 ? "create table accounts (account_id bigint, version bigint, balance bigint)" : "select 1",
                    "insert into events select i, 'event ' || i from range(" + (from + 1) + ", " + (total + 1) + ") t(i)",
                    "insert into accounts select i % 1000, " + total + " + i, " + round + " from range(" + from + ", "
                            + (from + 1000) + ") t(i)");
            for (int f = 0; f < 3; f++) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 20_000; i++) {
                    sb.append("{\"file\": ").append(lineFiles).append(", \"n\": ").append(i).append("}\n");
                }
                p.file("landing/" + String.format("%03d", lineFiles++) + ".jsonl", sb.toString());
            }
            Process child = start(p.project.root());
            long killAfter = 300 + random.nextInt(2500);
            if (!child.waitFor(killAfter, TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor();
                kills++;
            }
        }
        Process last = start(p.project.root());
        assertThat(last.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(last.exitValue()).isZero();
        assertThat(kills).as("some loads were killed midway").isGreaterThan(0);
        assertThat(p.rows("select count(*), count(distinct id), min(id), max(id) from raw.events"))
                .containsExactly(total + "|" + total + "|1|" + total);
        assertThat(p.rows("select count(*), count(distinct account_id), min(balance), max(balance) from raw.accounts"))
                .containsExactly("1000|1000|5|5");
        assertThat(p.rows("select count(*), count(distinct (file, n)) from raw.lines"))
                .containsExactly(lineFiles * 20_000 + "|" + lineFiles * 20_000);
        assertThat(p.rows("select count(*), count(distinct (file, n)) from read_parquet('"
                + p.project.root().resolve("data/raw/lines") + "/*.parquet')"))
                .as("external_location: orphans of killed loads removed by the last one")
                .containsExactly(lineFiles * 20_000 + "|" + lineFiles * 20_000);
    }

    private static Process start(Path project) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), LoadMain.class.getName(), project.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void exec(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
