package dev.kiln.ingest;

import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON lines read by DuckDB's own reader give exactly what staging them record by record gives:
 * the same files are loaded into two projects, one with {@code native_reader: false} (the
 * reference), and their tables compared column by column (names, types, order) and row by row
 * ({@code _kiln_id} included, relative to each run's load id). Every doubt falls back to staging,
 * saying why, and nothing is lost or loaded twice.
 */
class NativeJsonLinesTest {

    @TempDir
    Path dir;

    private static final String BY_RECORD = "record by record";

    /** Two projects with the same load: DuckDB's reader allowed, and not. */
    private final class Pair {
        final Loads fast;
        final Loads reference;

        Pair(String load) {
            fast = project("fast", load);
            reference = project("reference", load.replace("{", "{native_reader: false, "));
        }

        private Loads project(String name, String load) {
            return Loads.filesIntoSessions(dir.resolve(name), load);
        }

        Pair file(String relative, String content) {
            fast.file(relative, content);
            reference.file(relative, content);
            return this;
        }

        /** Loads both; returns the fast project's result after checking both succeeded alike. */
        NodeResult load() {
            NodeResult r = Loads.only(reference.load());
            NodeResult f = Loads.only(fast.load());
            assertThat(f.status()).isEqualTo(r.status());
            assertThat(f.rowsAffected()).isEqualTo(r.rowsAffected());
            assertThat(reference.progress).noneMatch(l -> l.contains("warehouse's JSON reader"));
            return f;
        }

        void assertSameTables() throws Exception {
            String schema = "select column_name || ' ' || data_type from information_schema.columns where table_schema = 'raw'"
                    + " and table_name = 'sessions' order by ordinal_position";
            assertThat(fast.rows(schema)).isNotEmpty().containsExactlyElementsOf(reference.rows(schema));
            String rows = "select * exclude (_kiln_load_id, _kiln_id), substr(_kiln_id, length(_kiln_load_id) + 2) as n,"
                    + " count(*) over (partition by _kiln_load_id) as per_load from raw.sessions order by _kiln_load_id, n";
            List<String> expected = reference.rows(rows);
            assertThat(fast.rows(rows)).hasSize(expected.size()).containsExactlyElementsOf(expected);
        }

        boolean fell() {
            return fast.progress.stream().anyMatch(l -> l.contains(BY_RECORD));
        }

        String why() {
            return fast.progress.stream().filter(l -> l.contains(BY_RECORD)).findFirst().orElse("");
        }
    }

    private static String many(int from, int n, String template) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + n; i++) {
            sb.append(template.replace("#", Integer.toString(i))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void nestedNullsMixedNumbersTimestampsAndANewKeyInALaterFileMatchStaging() throws Exception {
        Pair p = new Pair("{path: landing/*.jsonl}");
        String first = """
                {"id": 1, "amount": 3, "note": null, "at": "2026-11-01T10:00:00Z", "ctx": {"geo": {"country": "ES", "city": null}, "device": "ios"}, "ok": true}
                {"id": 2, "amount": 2.5, "at": "2026-11-01 10:00:01.123456", "ctx": {"device": "web", "geo": {"city": "Madrid"}}, "ok": false, "note": "say \\"hi\\" caf\\u00e9 ☕"}
                {"id": 3, "amount": -0, "at": "2026-11-02", "ctx": null, "ok": null, "day": "2026-11-02", "text": "2026-11"}
                {"at": null, "id": 4, "amount": 1e3, "ctx": {}, "day": "2026-02-28", "empty": {}}
                """;
        p.file("landing/1.jsonl", first + many(5, 2000, "{\"id\": #, \"amount\": #.25, \"at\": \"2026-11-03T00:00:00+00:00\","
                + " \"ctx\": {\"device\": \"d#\"}}"));
        // the second file brings a key the first never had, in its first lines
        p.file("landing/2.jsonl", many(3000, 500, "{\"id\": #, \"plan\": {\"tier\": \"gold\", \"seats\": #}, \"amount\": 0}"));
        NodeResult r = p.load();
        assertThat(r.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(r.rowsAffected()).isEqualTo(2504);
        assertThat(p.fell()).as(p.why()).isFalse();
        p.assertSameTables();
        assertThat(p.fast.rows("select \"at\" from raw.sessions where id in (1, 3) order by id"))
                .containsExactly("2026-11-01 10:00:00.0", "2026-11-02 00:00:00.0");
        assertThat(p.fast.progress).anyMatch(l -> l.startsWith("loading logs.sessions: 2,004 rows"));

        // evolution of the existing table: a new column, integer amounts widened by a double
        // already (no change), an integer column widened to double, a date column to timestamp
        p.file("landing/3.jsonl", many(4000, 300, "{\"id\": #.5, \"day\": \"2026-11-05T01:02:03\", \"extra\": true,"
                + " \"amount\": #}"));
        r = p.load();
        assertThat(r.rowsAffected()).isEqualTo(300);
        assertThat(p.fell()).as(p.why()).isFalse();
        p.assertSameTables();
        assertThat(p.fast.rows("select data_type from information_schema.columns where table_name = 'sessions'"
                + " and column_name in ('id', 'day') order by column_name")).containsExactly("TIMESTAMP", "DOUBLE");
    }

    @Test
    void kilnIdsNumberTheRecordsInFileAndLineOrderAcrossFilesReadInParallel() throws Exception {
        Loads p = new Pair("{path: landing/*.jsonl}").fast;
        for (int f = 0; f < 3; f++) {
            p.file("landing/" + f + ".jsonl", many(f * 60_000, 60_000, "{\"i\": #, \"pad\": \"some text to make the file larger #\"}"));
        }
        NodeResult r = Loads.only(p.load());
        assertThat(r.rowsAffected()).isEqualTo(180_000);
        assertThat(p.progress).noneMatch(l -> l.contains(BY_RECORD));
        assertThat(p.rows("select count(*), count(distinct _kiln_id), count(*) filter (where"
                + " substr(_kiln_id, length(_kiln_load_id) + 2)::bigint <> i) from raw.sessions"))
                .containsExactly("180000|180000|0");
    }

    @Test
    void replaceRecreatesTheTableFromTheRecords() throws Exception {
        Pair p = new Pair("{path: landing/*.jsonl, disposition: replace}");
        p.file("landing/1.jsonl", many(0, 100, "{\"id\": #, \"v\": \"a\"}"));
        p.load();
        p.file("landing/2.jsonl", many(100, 50, "{\"v\": 1.5, \"w\": \"x\"}"));
        NodeResult r = p.load();
        assertThat(r.rowsAffected()).isEqualTo(50);
        // staging types values against the table as it was: a double into text is Java's text of it
        assertThat(p.why()).contains("column 'v' is VARCHAR, the records hold DOUBLE");
        p.assertSameTables();
        p.file("landing/3.jsonl", many(150, 20, "{\"v\": \"b\", \"u\": #}"));
        r = p.load();
        assertThat(r.rowsAffected()).isEqualTo(20);
        assertThat(p.fast.progress.stream().filter(l -> l.contains(BY_RECORD))).hasSize(1);
        p.assertSameTables();
    }

    @Test
    void aKeyFirstSeenAfterTheSampleFallsBackAndNothingIsDuplicated() throws Exception {
        Pair p = new Pair("{path: landing/*.jsonl}");
        p.file("landing/1.jsonl", many(0, 5000, "{\"id\": #}") + "{\"id\": 5000, \"late\": \"x\"}\n");
        NodeResult r = p.load();
        assertThat(r.rowsAffected()).isEqualTo(5001);
        assertThat(p.why()).contains("key 'late'").contains("1.jsonl:5001");
        p.assertSameTables();
        assertThat(p.fast.rows("select count(*), count(distinct id) from raw.sessions")).containsExactly("5001|5001");
    }

    @Test
    void eachDoubtFallsBackToStagingWithItsReason() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(many(0, 1500, "{\"n\": #}") + "{\"n\": 1.5}\n", "not BIGINT");
        cases.put("{\"at\": \"2026-11-01T10:00:00+02:00\"}\n", "UTC offset");
        cases.put("{\"o\": {\"id\": 1, \"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}}\n", "child table");
        cases.put("{\"Name\": \"x\"}\n", "key 'Name'");
        cases.put("{\"a\": 1, \"a\": 2}\n", "duplicate key 'a'");
        cases.put("{\"t\": \"abc\"}\n{\"t\": \"2026-01-01\"}\n", "not VARCHAR");
        cases.put("{\"n\": 12345678901234567890}\n", "18 digits");
        cases.put("{\"n\": 1}\n\n{\"n\": 2}\n", "blank line");
        cases.put("{\"v\": 1}\n{\"v\": \"x\"}\n", "not");
        cases.put("{\"v\": {\"w\": 1}}\n{\"v\": 2}\n", "an object elsewhere");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Pair p = new Pair("{path: landing/" + i + "/*.jsonl}");
            p.file("landing/" + i++ + "/1.jsonl", c.getKey());
            NodeResult r = p.load();
            assertThat(r.status()).as(c.getValue()).isEqualTo(NodeStatus.SUCCESS);
            assertThat(p.why()).as(c.getValue()).contains(c.getValue());
            p.assertSameTables();
        }
    }

    @Test
    void aFileNameDuckDbCouldTakeForAPatternIsReadRecordByRecord() throws Exception {
        Pair p = new Pair("{path: landing/*.jsonl}");
        p.file("landing/a[1].jsonl", "{\"id\": 1}\n");
        p.file("landing/a1.jsonl", "{\"id\": 2}\n");
        assertThat(p.load().rowsAffected()).isEqualTo(2);
        assertThat(p.why()).contains("wildcard");
        p.assertSameTables();
    }

    @Test
    void aMalformedLineFallsBackForItsErrorOrItsSkipAndTheTableStaysAsItWas() throws Exception {
        Pair p = new Pair("{path: landing/*.jsonl, disposition: replace}");
        p.file("landing/1.jsonl", many(0, 10, "{\"id\": #}"));
        p.load();
        p.file("landing/2.jsonl", many(10, 3000, "{\"id\": #}") + "{\"id\": 3010,\n" + many(3011, 5, "{\"id\": #}"));
        NodeResult r = Loads.only(p.fast.load());
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("2.jsonl:3001: malformed JSON line").contains("on_bad_record: skip");
        assertThat(p.why()).contains("malformed JSON").contains("2.jsonl:3001");
        assertThat(p.fast.rows("select count(*), min(id), max(id) from raw.sessions")).containsExactly("10|0|9");
        assertThat(p.fast.rows("select state from _kiln_load._kiln_state")).singleElement().asString().doesNotContain("2.jsonl");

        Pair skip = new Pair("{path: landing/*.jsonl, on_bad_record: skip}");
        skip.file("landing/2.jsonl", many(10, 3000, "{\"id\": #}") + "{\"id\": 3010,\n" + many(3011, 5, "{\"id\": #}"));
        r = skip.load();
        assertThat(r.rowsAffected()).isEqualTo(3005);
        assertThat(r.message()).contains("skipped 1 bad record");
        skip.assertSameTables();
    }

    @Test
    void freezeOnAnExistingTableTakesTheRecordByRecordPathForItsError() throws Exception {
        Pair p = new Pair("{path: landing/*.jsonl, schema_contract: freeze}");
        p.file("landing/1.jsonl", many(0, 10, "{\"id\": #}"));
        p.load();
        p.assertSameTables();
        assertThat(p.fell()).as(p.why()).isFalse();
        p.file("landing/2.jsonl", "{\"id\": 10, \"new\": 1}\n");
        NodeResult r = Loads.only(p.fast.load());
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("schema_contract freeze").contains("'new'");
        assertThat(p.why()).contains("new column 'new' under schema_contract freeze");
        assertThat(p.fast.rows("select count(*) from raw.sessions")).containsExactly("10");
    }
}
