package dev.kiln.ingest;

import dev.kiln.KilnException;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilesLoaderTest {

    @TempDir
    Path dir;

    private Loads project(String load) {
        return Loads.filesIntoSessions(dir, load);
    }

    @Test
    void jsonLinesAreFlattenedWithChildTablesAndEachFileIsLoadedOnce() throws Exception {
        Loads p = project("{path: landing/sessions/*.jsonl, primary_key: session_id, disposition: append}");
        p.file("landing/sessions/day1.jsonl", """
                {"session_id": 1, "ctx": {"geo": {"country": "ES"}}, "events": [{"kind": "view", "ms": 10}, {"kind": "click", "ms": 20}], "started_at": "2026-11-01T10:00:00Z"}
                {"session_id": 2, "ctx": {"geo": {"country": "FR"}}, "tags": ["a", "b"], "started_at": "2026-11-01T11:30:00+01:00"}
                """);
        NodeResult first = Loads.only(p.load("source:logs"));
        assertThat(first.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(first.rowsAffected()).isEqualTo(2);
        assertThat(p.rows("select session_id, ctx__geo__country, started_at from raw.sessions order by 1"))
                .containsExactly("1|ES|2026-11-01 10:00:00.0", "2|FR|2026-11-01 10:30:00.0");
        assertThat(p.rows("select e.kind, e.ms from raw.sessions__events e join raw.sessions s"
                + " on e._kiln_parent_id = s._kiln_id where s.session_id = 1 order by e.ms"))
                .containsExactly("view|10", "click|20");
        assertThat(p.rows("select value from raw.sessions__tags order by 1")).containsExactly("a", "b");
        assertThat(p.rows("select count(distinct _kiln_load_id), count(*) filter (where _kiln_load_id is null) from raw.sessions"))
                .containsExactly("1|0");

        // the same file is not loaded again; a new one is, and its new column evolves the table
        p.file("landing/sessions/day2.jsonl", """
                {"session_id": 3, "ctx": {"geo": {"country": "ES"}}, "device": "ios", "started_at": "2026-11-02T09:00:00Z"}
                """);
        NodeResult second = Loads.only(p.load("source:logs"));
        assertThat(second.rowsAffected()).isEqualTo(1);
        assertThat(p.rows("select session_id, device from raw.sessions order by 1"))
                .containsExactly("1|null", "2|null", "3|ios");
        assertThat(Loads.only(p.load()).rowsAffected()).isZero();
        assertThat(p.rows("select count(*) from raw.sessions")).containsExactly("3");
        assertThat(p.progress).anyMatch(l -> l.contains("logs.sessions") && l.contains("rows") && l.contains("KB"));
    }

    @Test
    void aMalformedLineNamesFileAndLineOrIsSkippedAndCounted() throws Exception {
        Loads p = project("{path: landing/*.jsonl}");
        p.file("landing/a.jsonl", "{\"id\": 1}\n{\"id\": 2\n{\"id\": 3}\n");
        NodeResult failed = Loads.only(p.load());
        assertThat(failed.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(failed.message()).contains("a.jsonl:2: malformed JSON line").contains("on_bad_record: skip");
        assertThat(p.rows("select count(*) from _kiln_load._kiln_state where state_key = 'logs.sessions'")).containsExactly("0");

        Loads skipping = project("{path: landing/*.jsonl, on_bad_record: skip}");
        NodeResult ok = Loads.only(skipping.load());
        assertThat(ok.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(ok.message()).contains("skipped 1 bad record");
        assertThat(ok.response()).containsEntry("skipped", 1L);
        assertThat(p.rows("select id from raw.sessions order by 1")).containsExactly("1", "3");
    }

    @Test
    void typeChangesFollowTheSchemaContract() throws Exception {
        Loads p = project("{path: landing/*.jsonl, schema_contract: evolve}");
        p.file("landing/1.jsonl", "{\"id\": 1, \"amount\": 5}\n");
        p.load();
        p.file("landing/2.jsonl", "{\"id\": 2, \"amount\": 2.5}\n");
        p.load();
        assertThat(p.rows("select data_type from information_schema.columns where table_name = 'sessions'"
                + " and column_name = 'amount'")).containsExactly("DOUBLE");
        assertThat(p.rows("select id, amount from raw.sessions order by 1")).containsExactly("1|5.0", "2|2.5");

        Loads frozen = project("{path: landing/*.jsonl, schema_contract: freeze}");
        frozen.file("landing/3.jsonl", "{\"id\": 3, \"amount\": \"lots\"}\n");
        NodeResult refused = Loads.only(frozen.load());
        assertThat(refused.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(refused.message()).contains("column 'amount' of table logs.sessions is DOUBLE but a record holds VARCHAR");

        Loads discarding = project("{path: landing/*.jsonl, schema_contract: discard_row}");
        discarding.file("landing/4.jsonl", "{\"id\": 4, \"amount\": 1}\n{\"id\": 5, \"color\": \"red\"}\n");
        NodeResult dropped = Loads.only(discarding.load());
        assertThat(dropped.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(dropped.response()).containsEntry("skipped", 2L); // 3.jsonl's record and the new column's
        assertThat(p.rows("select id from raw.sessions order by 1")).containsExactly("1", "2", "4");
    }

    @Test
    void csvAndParquetFilesLoadThroughTheSameStage() throws Exception {
        Loads p = project("{path: landing/*.csv, disposition: replace}");
        p.file("landing/users.csv", "user_id,plan,signed_up\n1,free,2026-10-01\n2,premium,2026-10-02\n");
        assertThat(Loads.only(p.load()).rowsAffected()).isEqualTo(2);
        assertThat(p.rows("select user_id, plan, signed_up from raw.sessions order by 1"))
                .containsExactly("1|free|2026-10-01", "2|premium|2026-10-02");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement st = c.createStatement()) {
            st.execute("copy (select range as id, 'x' || range as name from range(5)) to '"
                    + dir.resolve("landing/p.parquet") + "' (format parquet)");
        }
        Loads parquet = project("{path: landing/*.parquet}");
        assertThat(Loads.only(parquet.load()).rowsAffected()).isEqualTo(5);
        assertThat(p.rows("select count(*), max(name) from raw.sessions")).containsExactly("7|x4"); // appended to the CSV rows, the table evolved
    }

    @Test
    void badKeysAreReportedAtTheirLineWhenTheProjectLoads() {
        Loads p = project("{path: landing/*.jsonl, disposition: upsert, pth: x}");
        assertThat(problems(p)).anyMatch(d -> d.contains("sources.yml:8:") && d.contains("'disposition: upsert' is not one of append, merge, replace"))
                .anyMatch(d -> d.contains("sources.yml:8:") && d.contains("Unknown key 'pth'"));
        Loads merge = project("{path: landing/*.jsonl, disposition: merge}");
        assertThat(problems(merge)).anyMatch(d -> d.contains("'disposition: merge' needs a 'primary_key'"));
        Loads noPath = project("{disposition: append}");
        assertThat(problems(noPath)).anyMatch(d -> d.contains("sources.yml:8:") && d.contains("needs 'path'"));
    }

    private static java.util.List<String> problems(Loads p) {
        try {
            p.load();
        } catch (KilnException e) {
            return e.diagnostics().stream().map(dev.kiln.Diagnostic::format).toList();
        }
        throw new AssertionError("the project loaded");
    }
}
