package dev.kiln.duckdb;

import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.internal.execute.BuildJournal;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds a crash interrupted, recovered at the next run through {@code Materializer.recover}
 * on a real DuckDB file: a swap cut between its drop and its rename is completed, a leftover
 * temporary table is dropped, and entries of a process still alive are left alone.
 */
class BuildJournalTest {

    @TempDir
    Path dir;

    private Adapter open() {
        TargetConfig t = new TargetConfig("dev", "duckdb", Map.of("path", "target/j.duckdb"), SourcePosition.of(Path.of("kiln.yml")));
        return new DuckDbProvider().open(new AdapterContext(t, dir));
    }

    private void journal(long pid, String identifier) throws Exception {
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target").resolve(BuildJournal.FILE),
                "{\"event\":\"start\",\"pid\":" + pid + ",\"unique_id\":\"model.p." + identifier + "\",\"database\":null,"
                        + "\"schema\":\"main\",\"identifier\":\"" + identifier + "\"}\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static Object scalar(Session s, String sql) {
        return s.query(sql, 1).scalar();
    }

    @Test
    void aSwapCutBetweenDropAndRenameIsCompletedAndALeftoverIsDropped() throws Exception {
        try (Adapter a = open(); Session s = a.openSession()) {
            s.execute("create table main.orders__kiln_tmp as select range as id from range(5)"); // old one dropped, not renamed
            s.execute("create table main.users as select 1 as id");
            s.execute("create table main.users__kiln_tmp as select 2 as id"); // built, not swapped
        }
        long dead = deadPid();
        journal(dead, "orders");
        journal(dead, "users");
        Files.writeString(dir.resolve("target").resolve(BuildJournal.FILE), "{\"event\":\"start\",\"pid\":" + dead + ",\"uni",
                java.nio.file.StandardOpenOption.APPEND); // the crash fell inside a write
        try (Adapter a = open()) {
            List<String> done = BuildJournal.recover(dir.resolve("target"), a);
            assertThat(done).containsExactly("renamed main.orders__kiln_tmp to main.orders (the swap was interrupted)",
                    "dropped main.users__kiln_tmp (left by an interrupted build)");
            try (Session s = a.openSession()) {
                assertThat(scalar(s, "select count(*) from main.orders")).isEqualTo(5L);
                assertThat(scalar(s, "select id from main.users")).isEqualTo(1);
                assertThat(scalar(s, "select count(*) from information_schema.tables where table_name like '%kiln_tmp'"))
                        .isEqualTo(0L);
            }
            assertThat(dir.resolve("target").resolve(BuildJournal.FILE)).doesNotExist();
            assertThat(BuildJournal.recover(dir.resolve("target"), a)).isEmpty();
        }
    }

    @Test
    void buildsOfAProcessStillAliveAreLeftAlone() throws Exception {
        try (Adapter a = open(); Session s = a.openSession()) {
            s.execute("create table main.orders__kiln_tmp as select 1 as id");
        }
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            journal(alive.pid(), "orders");
            try (Adapter a = open()) {
                assertThat(BuildJournal.recover(dir.resolve("target"), a)).isEmpty();
                try (Session s = a.openSession()) {
                    assertThat(scalar(s, "select count(*) from main.orders__kiln_tmp")).isEqualTo(1L);
                }
            }
            assertThat(dir.resolve("target").resolve(BuildJournal.FILE)).exists();
        } finally {
            alive.destroyForcibly();
        }
    }

    @Test
    void aJournalRecordsEveryBuildAndIsGoneWhenTheyAllEnded() throws Exception {
        Path target = dir.resolve("target");
        try (BuildJournal j = BuildJournal.in(target)) {
            j.started("model.p.a", Relation.of("main", "a"));
            assertThat(Files.readString(target.resolve(BuildJournal.FILE))).contains("\"identifier\":\"a\"");
            j.ended("model.p.a");
        }
        assertThat(target.resolve(BuildJournal.FILE)).doesNotExist();
    }
}
