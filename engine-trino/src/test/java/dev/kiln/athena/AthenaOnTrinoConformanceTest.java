package dev.kiln.athena;

import dev.kiln.CompiledNode;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.spi.MergeSpec;
import dev.kiln.spi.SnapshotConfig;
import dev.kiln.spi.SnapshotSql;
import dev.kiln.trino.TrinoServer;
import io.trino.jdbc.TrinoDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Athena conformance on the real Trino: the query and DML SQL that engine-athena generates (the
 * Iceberg {@code MERGE} of incremental models, in batches too, {@code delete+insert} and the Iceberg
 * partition overwrite as {@code MERGE … DELETE}, the Hive partition-overwrite emulation's queries,
 * the SPI's snapshot SQL in Athena's words with its one-statement {@code MERGE}) runs on Trino's Iceberg catalog with the results Athena gives. Athena's engine is
 * Trino, so where they agree this is a real test of that SQL; the DDL differs (Hive DDL in
 * backticks, {@code table_type}/{@code external_location} properties, Glue swaps) and is listed in
 * docs/athena.md instead. The session's catalog is {@code iceberg}, as Athena's is
 * {@code AwsDataCatalog}: Athena's SQL writes relations as {@code "schema"."table"}.
 */
class AthenaOnTrinoConformanceTest {

    private static final AthenaDialect ATHENA = new AthenaDialect("iceberg");
    private static final AthenaSql SQL = new AthenaSql(ATHENA);

    @BeforeAll
    static void schema() throws SQLException {
        execute("drop schema if exists iceberg.athena_conf cascade", "create schema iceberg.athena_conf");
    }

    private static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "test");
        TrinoServer t = TrinoServer.shared();
        return new TrinoDriver().connect("jdbc:trino://" + t.host() + ":" + t.port() + "/iceberg/athena_conf", p);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }

    private static Relation rel(String name) {
        return Relation.of("athena_conf", name);
    }

    @Test
    void incrementalMergeOfAthenaRunsOnTrinosIceberg() throws SQLException {
        execute("create table athena_conf.m_target as select * from (values (1, 'a', 1), (2, 'b', 1)) v(id, v, part)",
                "create table athena_conf.m_stage as select * from (values (2, 'B', 1), (3, 'c', 2)) v(id, v, part)");
        execute(SQL.merge(rel("m_target"), rel("m_stage"), null, List.of("id"), List.of("id", "v", "part"),
                List.of(AthenaSql.DEST + ".part >= 0")));
        assertThat(rows("select id, v from athena_conf.m_target order by id")).containsExactly("1|a", "2|B", "3|c");
        // the batched form: only the stage rows of some partitions
        execute("create table athena_conf.m_stage2 as select * from (values (1, 'x', 1), (4, 'd', 2)) v(id, v, part)");
        PartitionSpec spec = PartitionSpec.of(List.of("part"), ATHENA);
        execute(SQL.merge(rel("m_target"), rel("m_stage2"), SQL.partitionPredicate(spec, List.of(List.of("2"))),
                List.of("id"), List.of("id", "v", "part"), List.of()));
        assertThat(rows("select id, v from athena_conf.m_target order by id")).containsExactly("1|a", "2|B", "3|c", "4|d");
    }

    @Test
    void thePartitionOverwriteEmulationsQueriesRunOnTrino() throws SQLException {
        execute("create table athena_conf.o_target as select * from (values (1, 'a', 1), (2, 'b', 2), (3, 'n', null))"
                        + " v(id, v, part)",
                "create table athena_conf.o_stage as select * from (values (5, 'e', 2), (6, 'f', null)) v(id, v, part)");
        PartitionSpec spec = PartitionSpec.of(List.of("part"), ATHENA);
        List<String> partitions = rows(SQL.distinctPartitions(rel("o_stage"), spec));
        assertThat(partitions).containsExactlyInAnyOrder("2", "null");
        List<List<String>> values = new ArrayList<>();
        partitions.forEach(p -> values.add(p.equals("null") ? java.util.Arrays.asList((String) null) : List.of(p)));
        // on Iceberg the overwrite is a delete of the partitions, then the insert
        execute("delete from athena_conf.o_target where " + SQL.partitionPredicate(spec, values),
                SQL.insert(rel("o_target"), rel("o_stage"), List.of("id", "v", "part"), null));
        assertThat(rows("select id, v from athena_conf.o_target order by id")).containsExactly("1|a", "5|e", "6|f");
    }

    @Test
    void athenasDeleteInsertAndIcebergPartitionOverwriteRunOnTrino() throws SQLException {
        execute("create table athena_conf.d_target as select * from (values (1, 'a', 1), (2, 'b', 1), (3, 'n', null))"
                        + " v(id, v, part)",
                "create table athena_conf.d_stage as select * from (values (2, 'B', 1), (2, 'B2', 1), (4, 'd', 2)) v(id, v, part)");
        for (String sql : ATHENA.deleteInsert(new MergeSpec(rel("d_target"), rel("d_stage"), List.of("id"), List.of(),
                List.of("id", "v", "part"), List.of()))) {
            execute(sql);
        }
        assertThat(rows("select id, v from athena_conf.d_target order by id, v"))
                .containsExactly("1|a", "2|B", "2|B2", "3|n", "4|d");
        execute("create table athena_conf.o2_stage as select * from (values (7, 'g', null), (8, 'h', 1)) v(id, v, part)");
        for (String sql : ATHENA.insertOverwrite(rel("d_target"), rel("o2_stage"), List.of("part"), List.of("id", "v", "part"))) {
            execute(sql);
        }
        assertThat(rows("select id, v from athena_conf.d_target order by id")).containsExactly("4|d", "7|g", "8|h");
    }

    @Test
    void athenasSnapshotSqlRecordsVersionsOnTrino() throws SQLException {
        CompiledNode node = snapshotNode(Map.of("unique_key", "id", "strategy", "timestamp", "updated_at", "updated_at",
                "hard_deletes", "invalidate"));
        SnapshotConfig cfg = SnapshotConfig.of(node);
        String now = ATHENA.timestampLiteral("2026-01-05 00:00:00.000000");
        SnapshotSql snap = new SnapshotSql(ATHENA, cfg, rel("s_hist"), now);
        String v1 = "select * from (values (1, 'a', timestamp '2026-01-01 00:00:00.000000'), (2, 'b', timestamp '2026-01-01 00:00:00.000000'))"
                + " v(id, v, updated_at)";
        execute("create table athena_conf.s_hist as " + snap.create(v1));
        String v2 = "select * from (values (1, 'A', timestamp '2026-01-02 00:00:00.000000'), (3, 'c', timestamp '2026-01-02 00:00:00.000000'))"
                + " v(id, v, updated_at)";
        List<String> columns = List.of("id", "v", "updated_at");
        execute("create table athena_conf.s_stage as " + snap.changes(v2, columns, snapshotColumns("s_hist"), false));
        assertThat(rows(snap.duplicateKeys(rel("s_stage"), snap.notDeleted()))).isEmpty();
        assertThat(rows(snap.countChanges(rel("s_stage")))).containsExactlyInAnyOrder("insert|1", "update|1", "delete|1");
        execute(snap.mergeVersions(rel("s_stage"), columns, false));
        assertThat(rows("select id, v, cast(kiln_valid_to as varchar) from athena_conf.s_hist order by id, kiln_valid_from"))
                .containsExactly("1|a|2026-01-02 00:00:00.000000", "1|A|null", "2|b|2026-01-05 00:00:00.000000", "3|c|null");
    }

    @Test
    void athenasSnapshotDeletionRecordsRunOnTrino() throws SQLException {
        CompiledNode node = snapshotNode(Map.of("unique_key", "id", "strategy", "check", "check_cols", List.of("v"),
                "hard_deletes", "new_record"));
        SnapshotSql first = new SnapshotSql(ATHENA, SnapshotConfig.of(node), rel("n_hist"),
                ATHENA.timestampLiteral("2026-01-01 00:00:00.000000"));
        execute("create table athena_conf.n_hist as " + first.create("select * from (values (1, 'a'), (2, 'b')) v(id, v)"));
        SnapshotSql second = new SnapshotSql(ATHENA, SnapshotConfig.of(node), rel("n_hist"),
                ATHENA.timestampLiteral("2026-01-02 00:00:00.000000"));
        List<String> columns = List.of("id", "v");
        execute("create table athena_conf.n_stage as " + second.changes("select * from (values (1, 'a')) v(id, v)", columns,
                snapshotColumns("n_hist"), true));
        execute(second.mergeVersions(rel("n_stage"), columns, true));
        assertThat(rows("select id, v, kiln_is_deleted, cast(kiln_valid_to as varchar) from athena_conf.n_hist"
                + " order by id, kiln_valid_from")).containsExactly("1|a|false|null",
                "2|b|false|2026-01-02 00:00:00.000000", "2|b|true|null");
    }

    private static Map<String, String> snapshotColumns(String table) throws SQLException {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        rows("select column_name from iceberg.information_schema.columns where table_schema = 'athena_conf' and table_name = '"
                + table + "' order by ordinal_position").forEach(c -> out.put(c.toLowerCase(java.util.Locale.ROOT), c));
        return out;
    }

    private static CompiledNode snapshotNode(Map<String, Object> config) {
        Path file = Path.of("snapshots/s_hist.yml");
        Node n = new Node("snapshot.t.s_hist", ResourceType.SNAPSHOT, "s_hist", new NodeOrigin(file, SourcePosition.of(file),
                List.of("t", "s_hist")), "", new NodeConfig(config), NodeDocs.NONE, null);
        return new CompiledNode(n, "", rel("s_hist"), List.of(), List.of());
    }
}
