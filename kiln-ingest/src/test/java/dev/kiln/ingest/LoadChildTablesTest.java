package dev.kiln.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On DuckDB, a load's child tables are known by more than their name: a table that is only
 * named like one ({@code sessions__archive}: another source's, a model's) keeps its rows when a
 * {@code replace} empties the children it did not load, and a {@code merge} leaves it alone.
 */
class LoadChildTablesTest {

    @TempDir
    Path dir;

    private Loads project(String load) {
        return Loads.filesIntoSessions(dir, load);
    }

    private void others(Loads p) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + p.project.root().resolve("target/dev.duckdb"));
             Statement st = c.createStatement()) {
            st.execute("create table raw.sessions__archive as select i as id, 'kept ' || i as note from range(3) t(i)");
            st.execute("create table raw.sessions__copy as select i as _kiln_root_id, 'copied' as sku from range(2) t(i)");
            st.execute("create view raw.sessions__recent as select * from raw.sessions__archive");
        }
    }

    @Test
    void replaceEmptiesItsOwnChildTablesOnly() throws Exception {
        Loads p = project("{path: landing/*.jsonl, disposition: replace}");
        p.file("landing/0.jsonl", "{\"id\": 1, \"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}\n");
        Loads.only(p.load());
        assertThat(p.rows("select count(*) from raw.sessions__items")).containsExactly("2");
        others(p);

        p.file("landing/1.jsonl", "{\"id\": 2}\n");
        Loads.only(p.load());
        assertThat(p.rows("select count(*) from raw.sessions__items")).containsExactly("0");
        assertThat(p.rows("select count(*) from raw.sessions__archive")).containsExactly("3");
        assertThat(p.rows("select count(*) from raw.sessions__copy")).containsExactly("2");
        assertThat(p.rows("select count(*) from raw.sessions__recent")).containsExactly("3");
    }

    @Test
    void mergeReplacesTheChildrenOfMergedRowsInItsOwnChildTablesOnly() throws Exception {
        Loads p = project("{path: landing/*.jsonl, disposition: merge, primary_key: id}");
        p.file("landing/0.jsonl", "{\"id\": 1, \"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}\n");
        Loads.only(p.load());
        others(p);

        p.file("landing/1.jsonl", "{\"id\": 1, \"items\": [{\"sku\": \"c\"}]}\n");
        Loads.only(p.load());
        assertThat(p.rows("select sku from raw.sessions__items order by sku")).containsExactly("c");
        assertThat(p.rows("select count(*) from raw.sessions__archive")).containsExactly("3");
        assertThat(p.rows("select count(*) from raw.sessions__copy")).containsExactly("2");
    }
}
