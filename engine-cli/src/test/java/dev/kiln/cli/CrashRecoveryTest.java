package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} during a build, in a separate JVM, at seeded random moments: afterwards the
 * database opens, no relation is left under a temporary name, every table is whole (its
 * fingerprint that of the clean build), {@code run_results.json} lists every planned node with
 * the unfinished ones as {@code skipped}, and {@code retry} re-runs them.
 */
class CrashRecoveryTest {

    private static final int TRIALS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedBuildsLeaveNoTemporaryRelationAndRetryRerunsTheUnfinished() throws Exception {
        project(dir);
        CliRun clean = kiln("build", "--project-dir", dir.toString());
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        Map<String, String> expected = fingerprints(dir);
        Set<String> all = new HashSet<>();
        new ObjectMapper().readTree(dir.resolve("target/run_results.json").toFile()).path("results")
                .forEach(r -> all.add(r.path("unique_id").asText()));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(9);

        Random random = new Random(17);
        int interrupted = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Files.deleteIfExists(dir.resolve("target/run_results.json"));
            Path output = dir.resolve("output-" + trial + ".txt");
            Process kiln = new ProcessBuilder(javaCommand("build", "--project-dir", dir.toString(), "--debug"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                // the first build has started when its line is in the journal (the progress output is buffered)
                awaitOutput(kiln, dir.resolve("target/builds_in_progress.jsonl"), "\"pid\":" + kiln.pid() + ",", 90);
                Thread.sleep(random.nextInt(1200));
            } finally {
                kiln.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no clean-up
                assertThat(kiln.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            String out = Files.readString(output);
            assertThat(out).doesNotContain("Exception");
            assertThat(temporaryRelations(dir)).as("after kill %d:\n%s", trial, out).isEmpty();
            Map<String, String> now = fingerprints(dir);
            assertThat(now).as("tables after kill %d", trial).isEqualTo(expected);

            Path results = dir.resolve("target/run_results.json");
            assertThat(results).as("run_results.json written as the run goes").exists();
            JsonNode written = new ObjectMapper().readTree(results.toFile());
            Set<String> unfinished = new HashSet<>();
            List<String> planned = new ArrayList<>();
            for (JsonNode r : written.path("results")) {
                planned.add(r.path("unique_id").asText());
                if (!r.path("status").asText().equals("success") && !r.path("status").asText().equals("pass")) {
                    unfinished.add(r.path("unique_id").asText());
                }
            }
            assertThat(new HashSet<>(planned)).as("every planned node").isEqualTo(all)
                    .contains("model.crash.t1", "seed.crash.people", "snapshot.crash.people_history");
            if (unfinished.isEmpty()) {
                continue; // the kill came after the last node
            }
            interrupted++;
            CliRun retry = kiln("retry", "--project-dir", dir.toString(), "--debug");
            assertThat(retry.exitCode()).as(retry.toString()).isZero();
            JsonNode retried = new ObjectMapper().readTree(results.toFile());
            Set<String> rerun = new HashSet<>();
            retried.path("results").forEach(r -> rerun.add(r.path("unique_id").asText()));
            assertThat(rerun).as("retry re-ran what had not finished").isEqualTo(unfinished);
            assertThat(fingerprints(dir)).isEqualTo(expected);
        }
        assertThat(interrupted).as("kills that interrupted a build").isPositive();
    }

    /** A seed, six tables that take a moment each, an incremental model, a view, a snapshot and tests. */
    static TempProject project(Path dir) {
        TempProject p = TempProject.create(dir, "crash", "duckdb")
                .file("kiln.yml", """
                        name: crash
                        models: {+materialized: table}
                        targets:
                          dev: {type: duckdb, path: target/crash.duckdb, threads: 2}
                        """)
                .file("seeds/people.csv", "id,name\n1,ada\n2,bob\n3,cy\n")
                .file("snapshots/people.yml", """
                        snapshots:
                          - name: people_history
                            relation: ref('people')
                            config: {unique_key: id, strategy: check, check_cols: all}
                        """)
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: t1
                            columns:
                              - name: n
                                data_tests: [unique, not_null]
                        """)
                .file("models/people_view.sql", "<@config materialized=\"view\" />\nselect * from ${ref('people')}\n")
                .file("models/inc.sql", """
                        <@config materialized="incremental" unique_key="n" />
                        select n, n % 97 as k from ${ref('t1')}
                        <#if is_incremental()>where n > (select max(n) - 20000 from ${this})</#if>
                        """);
        for (int i = 1; i <= 6; i++) {
            p.file("models/t" + i + ".sql", "select range as n, md5(range::varchar || '" + i + "') as h from range("
                    + (300_000 + i) + ")" + (i > 1 ? " where range >= (select count(*) from ${ref('people')}) - 3" : "") + "\n");
        }
        return p;
    }

    /** Every relation of the database by name, with row count and a hash of its rows (tables) or its kind (views). */
    static Map<String, String> fingerprints(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/crash.duckdb"));
             Statement st = c.createStatement()) {
            List<String[]> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_schema, table_name, table_type from information_schema.tables")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] t : tables) {
                String name = t[0] + "." + t[1];
                if (t[2].equals("VIEW")) {
                    out.put(name, "view");
                    continue;
                }
                String cols = t[1].equals("people_history") ? "id, name" : "*"; // snapshot times are its own
                try (ResultSet rs = st.executeQuery("select count(*) || ':' || coalesce(sum(hash(x))::varchar, '') from "
                        + "(select " + cols + " from \"" + t[0] + "\".\"" + t[1] + "\") x")) {
                    rs.next();
                    out.put(name, rs.getString(1));
                }
            }
        }
        return out;
    }

    static List<String> temporaryRelations(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/crash.duckdb"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select table_name from information_schema.tables where table_name like '%\\_\\_kiln\\_%' escape '\\'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** {@code java -cp <this test's class path> dev.kiln.cli.Main args…}. */
    static List<String> javaCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void awaitOutput(Process p, Path output, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(output) && Files.readString(output).contains(text)) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("kiln ended before printing '" + text + "':\n" + Files.readString(output));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("kiln did not print '" + text + "' in " + seconds + " s:\n" + Files.readString(output));
    }
}
