package dev.kiln.internal.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatementsTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        String sql = """
                create schema if not exists a;
                insert into a.t values ('x;y', "odd;name", 'it''s; fine'); -- done; really
                /* a; block */ select $$a;b$$ as s;
                ;  -- only a comment
                """;
        assertThat(SqlStatements.split(sql)).containsExactly(
                "create schema if not exists a",
                "insert into a.t values ('x;y', \"odd;name\", 'it''s; fine')",
                "-- done; really\n/* a; block */ select $$a;b$$ as s");
    }

    @Test
    void anUnterminatedQuoteKeepsTheRestInOneStatement() {
        assertThat(SqlStatements.split("select 'a;b")).containsExactly("select 'a;b");
        assertThat(SqlStatements.split("  \n-- nothing\n")).isEmpty();
    }

    @Test
    void tellsQueriesFromCommands() {
        assertThat(SqlStatements.returnsRows("-- note\n(select 1)")).isTrue();
        assertThat(SqlStatements.returnsRows("WITH x AS (select 1) select * from x")).isTrue();
        assertThat(SqlStatements.returnsRows("/* c */ show tables")).isTrue();
        assertThat(SqlStatements.returnsRows("create table t as select 1")).isFalse();
        assertThat(SqlStatements.returnsRows("grant select on t to r")).isFalse();
    }
}
