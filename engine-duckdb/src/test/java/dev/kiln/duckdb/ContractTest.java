package dev.kiln.duckdb;

import dev.kiln.Kiln;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An enforced contract is checked before the table is replaced. */
class ContractTest {

    @TempDir
    Path dir;

    private RunResults run(String sql) {
        TempProject.create(dir, "c", "duckdb")
                .file("kiln.yml", "name: c\nmodels: {+materialized: table}\ntargets: {dev: {type: duckdb, path: target/c.duckdb}}\n")
                .file("models/m.sql", sql)
                .file("models/m.yml", """
                        version: 2
                        models:
                          - name: m
                            config: {contract: {enforced: true}}
                            columns:
                              - {name: id, data_type: int}
                              - {name: name, data_type: text}
                        """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).load()) {
            return kiln.run(Selection.ALL);
        }
    }

    @Test
    void matchingColumnsPassAndMismatchesFailWithoutTouchingTheTable() throws Exception {
        assertThat(run("select 1::integer as id, 'a'::varchar as name\n").success()).isTrue();
        RunResults wrongType = run("select 'x' as id, 'a' as name, 3 as extra\n");
        assertThat(wrongType.results().get(0).status()).isEqualTo(NodeStatus.ERROR);
        assertThat(wrongType.results().get(0).message())
                .contains("column 'id' is VARCHAR, the contract says int", "column 'extra' is not in the contract");
        RunResults missing = run("select 1 as id\n");
        assertThat(missing.results().get(0).message()).contains("missing column 'name'");
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("target/c.duckdb"));
             var rs = c.createStatement().executeQuery("select id, name from main.m")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("a"); // the table of the first, valid run
        }
    }
}
