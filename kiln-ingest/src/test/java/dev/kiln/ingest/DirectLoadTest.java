package dev.kiln.ingest;

import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads with {@code append} and {@code replace} write their rows straight into the source's
 * tables inside the load's one transaction (no staging table, no second pass at the commit):
 * schema changes in the middle of a file, the table's own column order and columns the load does
 * not name, and a failure half-way (the table and state stay as they were).
 */
class DirectLoadTest {

    @TempDir
    Path dir;

    private Loads project(String load) {
        return Loads.filesIntoSessions(dir, load);
    }

    /** {@code n} lines from id {@code from}; from line {@code change} on, amount is a decimal and a new column appears. */
    private static String lines(int from, int n, int change) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int id = from + i;
            sb.append(i < change
                    ? "{\"id\": " + id + ", \"amount\": " + id + ", \"items\": [{\"sku\": \"s" + id + "\"}]}\n"
                    : "{\"color\": \"c" + id + "\", \"id\": " + id + ", \"amount\": " + id + ".5}\n");
        }
        return sb.toString();
    }

    @Test
    void appendsGoIntoTheTableAcrossBatchesWithColumnsAddedAndWidenedMidway() throws Exception {
        Loads p = project("{path: landing/*.jsonl, disposition: append}");
        // the table's own order (extra first) and a column the next file never names
        p.file("landing/0.jsonl", "{\"extra\": \"kept\", \"amount\": 7, \"id\": 0}\n");
        assertThat(Loads.only(p.load()).rowsAffected()).isEqualTo(1);

        // 5,000 records: a new column and integer -> double at record 3,001, inside a batch of
        // the reader (512) and a chunk of the appender (2,048); child rows in the first part
        p.file("landing/1.jsonl", lines(1, 5000, 3000));
        NodeResult r = Loads.only(p.load());
        assertThat(r.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(r.rowsAffected()).isEqualTo(5000);
        assertThat(p.rows("select column_name, data_type from information_schema.columns where table_schema = 'raw'"
                + " and table_name = 'sessions' and column_name not like '\\_kiln%' escape '\\' order by ordinal_position"))
                .containsExactly("extra|VARCHAR", "amount|DOUBLE", "id|BIGINT", "color|VARCHAR");
        assertThat(p.rows("select count(*), count(distinct _kiln_id), sum(amount)::bigint, count(color), count(extra),"
                + " min(id), max(id) from raw.sessions"))
                .containsExactly("5001|5001|12503507|2000|1|0|5000");
        assertThat(p.rows("select id, amount, color, extra from raw.sessions where id in (0, 3000, 3001) order by id"))
                .containsExactly("0|7.0|null|kept", "3000|3000.0|null|null", "3001|3001.5|c3001|null");
        assertThat(p.rows("select count(*), count(distinct i._kiln_parent_id) from raw.sessions__items i"
                + " join raw.sessions s on i._kiln_parent_id = s._kiln_id and i.sku = 's' || s.id"))
                .containsExactly("3000|3000");
        assertThat(p.rows("select count(*) from information_schema.tables where table_schema = '_kiln_load'"
                + " and table_name like 'stage%'")).containsExactly("0");
    }

    @Test
    void aLoadFailingHalfwayLeavesTheTableAndStateAsTheyWere() throws Exception {
        Loads p = project("{path: landing/*.jsonl, disposition: append}");
        p.file("landing/0.jsonl", "{\"id\": 0, \"amount\": 7}\n");
        Loads.only(p.load());
        // 3,000 good records (with a new column and a widened type) before a malformed line
        p.file("landing/1.jsonl", lines(1, 3000, 2000) + "{\"id\": \n");
        NodeResult failed = Loads.only(p.load());
        assertThat(failed.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(failed.message()).contains("1.jsonl:3001: malformed JSON line");
        assertThat(p.rows("select count(*), sum(amount) from raw.sessions")).containsExactly("1|7");
        assertThat(p.rows("select column_name, data_type from information_schema.columns where table_schema = 'raw'"
                + " and table_name = 'sessions' and column_name in ('amount', 'color')")).containsExactly("amount|BIGINT");
        assertThat(p.rows("select count(*) from information_schema.tables where table_schema = 'raw'"))
                .containsExactly("1");

        // the file was not recorded as loaded: skipping the bad line loads its 3,000 records once
        Loads skipping = project("{path: landing/*.jsonl, disposition: append, on_bad_record: skip}");
        assertThat(Loads.only(skipping.load()).rowsAffected()).isEqualTo(3000);
        assertThat(p.rows("select count(*), count(color) from raw.sessions")).containsExactly("3001|1000");
    }

    @Test
    void aTableWithTypesTheLoadDoesNotWriteItselfIsStagedAndCastAtTheCommit() throws Exception {
        Loads p = project("{path: landing/*.jsonl, disposition: append}");
        Path db = p.project.root().resolve("target/dev.duckdb");
        java.nio.file.Files.createDirectories(db.getParent());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + db);
             java.sql.Statement st = c.createStatement()) {
            st.execute("create schema raw");
            st.execute("create table raw.sessions (id integer, amount float, note varchar)");
            st.execute("insert into raw.sessions values (1, 1.5, 'made by hand')");
        }
        p.file("landing/1.jsonl", lines(2, 3000, 3000));
        NodeResult r = Loads.only(p.load());
        assertThat(r.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(r.rowsAffected()).isEqualTo(3000);
        assertThat(p.rows("select column_name, data_type from information_schema.columns where table_schema = 'raw'"
                + " and table_name = 'sessions' and column_name in ('id', 'amount') order by ordinal_position"))
                .containsExactly("id|INTEGER", "amount|FLOAT");
        assertThat(p.rows("select count(*), sum(id), count(note) from raw.sessions")).containsExactly("3001|4504501|1");
    }

    @Test
    void replaceRebuildsTheTableWithTheNewShapeAndEmptiesChildTablesItDidNotLoad() throws Exception {
        Loads p = project("{path: landing/*.jsonl, disposition: replace}");
        p.file("landing/0.jsonl", lines(1, 10, 10));
        Loads.only(p.load());
        assertThat(p.rows("select count(*) from raw.sessions__items")).containsExactly("10");

        p.file("landing/1.jsonl", "{\"id\": 100, \"color\": \"red\"}\n{\"id\": 101, \"color\": \"blue\"}\n");
        NodeResult r = Loads.only(p.load());
        assertThat(r.rowsAffected()).isEqualTo(2);
        assertThat(p.rows("select column_name from information_schema.columns where table_schema = 'raw'"
                + " and table_name = 'sessions' order by ordinal_position"))
                .containsExactly("_kiln_load_id", "_kiln_id", "id", "color");
        assertThat(p.rows("select id, color from raw.sessions order by id")).containsExactly("100|red", "101|blue");
        assertThat(p.rows("select count(*) from raw.sessions__items")).containsExactly("0");
    }
}
