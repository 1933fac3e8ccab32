package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key index renders every row exactly as the database path does ({@code rs.getObject} and
 * {@link Json#value}), for every column type, nulls, few and many distinct texts.
 */
class KeyIndexTest {

    @TempDir
    Path dir;

    @Test
    void everyRowOfEveryTypeRendersAsTheDatabasePathRendersIt() throws Exception {
        Path db = dir.resolve("w.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("create schema analytics");
            st.execute("""
                    create table analytics.wide as
                    select (i * 3)::bigint as id,
                           case when i % 7 = 0 then null else (i % 200 - 100)::tinyint end as ti,
                           (i * -37)::smallint as si,
                           case when i % 11 = 0 then null else i * 100003 end::integer as ii,
                           (9223372036854775807 - i)::bigint as bi,
                           (4294967295 - i)::uinteger as ui,
                           (i::hugeint * 1000000000000000000000) as hi,
                           (18446744073709551615 - i)::ubigint as ub,
                           case i % 6 when 0 then null when 1 then 'nan'::double when 2 then 'inf'::double
                                when 3 then -0.0 when 4 then 1e300 * i else i / 10.0 end::double as d,
                           (i / 3.0)::float as f,
                           case when i % 5 = 0 then null else i % 2 = 0 end as b,
                           case when i % 9 = 0 then null else (i * -1.25)::decimal(12,2) end as dec2,
                           (i * 1000)::decimal(9,0) as dec0,
                           (i / 7.0)::decimal(18,6) as dec18,
                           (i * 12345678901234567.8901)::decimal(30,4) as wide_dec,
                           case i % 5 when 0 then null when 1 then 'say "hi"\\' when 2 then 'zürich ☕ 😀'
                                when 3 then 'tab' || chr(9) || 'newline' || chr(10) || chr(1) else '' end as few,
                           'row ' || i || case when i % 2 = 0 then ' é' else '' end as many,
                           date '2026-01-01' + i::int as dt,
                           timestamp '2026-10-01 12:00:00.123456' + to_seconds(i) as ts,
                           timestamptz '2026-10-01 12:00:00+02' + to_seconds(i) as tstz,
                           uuid() as u,
                           ['a', 'b' || i] as lst,
                           {'k': i, 'v': 'x'} as st,
                           'constant' as one
                    from range(1, 301) t(i)
                    """);
        }
        ServedModel model = new ServedModel("wide", Relation.of("analytics", "wide"), "", Map.of(), List.of(Set.of("id")));
        try (Replica replica = new Replica(2)) {
            replica.refresh(new DuckDbFileReplicaSource(db), List.of(model));
            ReplicaTable table = replica.current().table("wide");
            try (Replica.Lease lease = replica.lease()) {
                KeyIndex index = KeyIndex.build(lease.version().number(), lease::prepare, table, "id", table.columnNames());
                assertThat(index).isNotNull();
                Map<Long, String> expected = reference(lease, table);
                assertThat(expected).hasSize(300);
                expected.forEach((id, json) -> assertThat(new String(index.get(id), StandardCharsets.UTF_8))
                        .as("row %d", id).isEqualTo(json));
                assertThat(index.get(1)).isNull();
                assertThat(index.get(0)).isNull();
                assertThat(index.get(901)).isNull();
                // a subset of the columns, in the endpoint's order
                KeyIndex some = KeyIndex.build(lease.version().number(), lease::prepare, table, "id", List.of("few", "dec2", "id"));
                assertThat(new String(some.get(6), StandardCharsets.UTF_8)).isEqualTo("{\"few\":\"zürich ☕ \\uD83D\\uDE00\",\"dec2\":-2.50,\"id\":6}");
            }
        }
    }

    @Test
    void aRepeatedKeyBuildsNoIndex() throws Exception {
        Path db = dir.resolve("d.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("create schema analytics");
            st.execute("create table analytics.t as select i % 100 as id, 'x' as v from range(0, 200) t(i)");
        }
        ServedModel model = new ServedModel("t", Relation.of("analytics", "t"), "", Map.of(), List.of(Set.of("id")));
        try (Replica replica = new Replica(1)) {
            replica.refresh(new DuckDbFileReplicaSource(db), List.of(model));
            ReplicaTable table = replica.current().table("t");
            try (Replica.Lease lease = replica.lease()) {
                assertThat(KeyIndex.build(lease.version().number(), lease::prepare, table, "id", table.columnNames())).isNull();
            }
        }
    }

    /** Each row as the database path writes it. */
    private static Map<Long, String> reference(Replica.Lease lease, ReplicaTable table) throws Exception {
        Map<Long, String> out = new LinkedHashMap<>();
        List<String> cols = table.columnNames();
        try (ResultSet rs = lease.prepare("select * from " + table.sqlName()).executeQuery()) {
            while (rs.next()) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try (JsonGenerator g = Json.generator(b)) {
                    g.writeStartObject();
                    for (int i = 0; i < cols.size(); i++) {
                        g.writeFieldName(cols.get(i));
                        Json.value(g, rs.getObject(i + 1));
                    }
                    g.writeEndObject();
                }
                out.put(rs.getLong("id"), b.toString(StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
