package dev.kiln.athena;

import dev.kiln.CompiledNode;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact statements and catalog/S3 steps of every materialization and strategy. */
class AthenaMaterializerTest {

    private static final String U1 = "00000000-0000-0000-0000-000000000001";
    private static final String U2 = "00000000-0000-0000-0000-000000000002";

    @TempDir
    Path projectDir;

    private final FakeWarehouse w = new FakeWarehouse();
    private final AtomicInteger uuid = new AtomicInteger();
    private final AthenaMaterializer m = new AthenaMaterializer(new AthenaDialect("AwsDataCatalog"),
            () -> new UUID(0, uuid.incrementAndGet()));

    private BuildRequest request(String name, String sql, Map<String, Object> config) {
        return request(name, ResourceType.MODEL, sql, config, Path.of("models/" + name + ".sql"), false, Map.of());
    }

    private BuildRequest request(String name, ResourceType type, String sql, Map<String, Object> config, Path file,
                                 boolean fullRefresh, Map<String, Object> settings) {
        Node n = new Node(type.dbtName() + ".shop." + name, type, name, new NodeOrigin(file, SourcePosition.of(file),
                List.of("shop", name)), sql, new NodeConfig(config), NodeDocs.NONE, null);
        Relation r = Relation.of(type == ResourceType.SEED ? "raw" : "analytics", name);
        CompiledNode node = new CompiledNode(n, sql, r, List.of(), List.of());
        return new BuildRequest(node, r, w.session(Targets.settings(settings)), fullRefresh, projectDir);
    }

    @Test
    void aNewHiveTableIsBuiltUnderATemporaryNameInANewFolderThenSwappedIn() {
        BuildResult r = m.table(request("orders", "select 1 as id", Map.of("materialized", "table")));

        assertThat(r).isEqualTo(new BuildResult(7, "CREATE TABLE"));
        assertThat(w.statements).containsExactly("""
                create table "analytics"."orders__kiln_tmp"
                with (
                  format = 'PARQUET',
                  external_location = 's3://lake/data/analytics/orders/%s/'
                )
                as
                select 1 as id""".formatted(U1));
        assertThat(w.log).containsExactly("ensureSchema analytics", "replace analytics.orders__kiln_tmp -> analytics.orders");
        assertThat(w.tables.get(Relation.of("analytics", "orders")).location())
                .hasToString("s3://lake/data/analytics/orders/" + U1 + "/");
    }

    @Test
    void replacingATableDeletesTheOldDataOnlyAfterTheSwap() {
        w.table("analytics", "orders", TableFormat.HIVE, "s3://lake/data/analytics/orders/old/", List.of("id"), List.of());
        m.table(request("orders", "select 1 as id", Map.of()));

        assertThat(w.log).containsExactly("ensureSchema analytics", "replace analytics.orders__kiln_tmp -> analytics.orders",
                "delete s3://lake/data/analytics/orders/old/");
    }

    @Test
    void aFailedBuildLeavesThePreviousTableAndDeletesWhatItWrote() {
        w.table("analytics", "orders", TableFormat.HIVE, "s3://lake/data/analytics/orders/old/", List.of("id"), List.of());
        w.failOn("nowhere", "TABLE_NOT_FOUND: line 1:8: Table 'nowhere' does not exist");

        assertThatThrownBy(() -> m.table(request("orders", "select * from nowhere", Map.of())))
                .isInstanceOf(KilnException.class).hasMessageContaining("TABLE_NOT_FOUND");
        assertThat(w.log).containsExactly("ensureSchema analytics", "drop analytics.orders__kiln_tmp",
                "delete s3://lake/data/analytics/orders/" + U1 + "/");
        assertThat(w.tables.keySet()).containsExactly(Relation.of("analytics", "orders"));
        assertThat(w.tables.get(Relation.of("analytics", "orders")).location()).hasToString("s3://lake/data/analytics/orders/old/");
    }

    @Test
    void leftoversOfAnInterruptedRunAreRemovedFirst() {
        w.table("analytics", "orders__kiln_tmp", TableFormat.HIVE, "s3://lake/data/analytics/orders/crashed/", List.of("id"), List.of());
        m.table(request("orders", "select 1 as id", Map.of()));
        assertThat(w.log).startsWith("ensureSchema analytics", "drop analytics.orders__kiln_tmp",
                "delete s3://lake/data/analytics/orders/crashed/");
    }

    @Test
    void hiveTablePropertiesPartitionsBucketsAndCompression() {
        m.table(request("events", "select user_id, kind, dt from raw_events", Map.of("partitioned_by", List.of("dt"),
                "bucketed_by", List.of("user_id"), "bucket_count", 16, "write_compression", "ZSTD", "format", "orc")));
        assertThat(w.statements.get(0)).isEqualTo("""
                create table "analytics"."events__kiln_tmp"
                with (
                  format = 'ORC',
                  external_location = 's3://lake/data/analytics/events/%s/',
                  partitioned_by = ARRAY['dt'],
                  bucketed_by = ARRAY['user_id'],
                  bucket_count = 16,
                  write_compression = 'ZSTD'
                )
                as
                select user_id, kind, dt from raw_events""".formatted(U1));
    }

    @Test
    void icebergTablesUseTableTypeLocationAndPartitioningTransforms() {
        m.table(request("events", "select * from raw_events", Map.of("table_type", "iceberg",
                "partitioned_by", "day(occurred_at), kind", "bucketed_by", "user_id", "bucket_count", 8)));
        assertThat(w.statements.get(0)).isEqualTo("""
                create table "analytics"."events__kiln_tmp"
                with (
                  table_type = 'ICEBERG',
                  is_external = false,
                  location = 's3://lake/data/analytics/events/%s/',
                  format = 'PARQUET',
                  partitioning = ARRAY['day(occurred_at)', 'kind', 'bucket(8, user_id)']
                )
                as
                select * from raw_events""".formatted(U1));
        assertThat(w.log).contains("replace analytics.events__kiln_tmp -> analytics.events");
    }

    @Test
    void aFixedFolderIsEmptiedAndRebuiltInPlace() {
        w.table("analytics", "orders", TableFormat.HIVE, "s3://lake/data/analytics/orders/", List.of("id"), List.of());
        m.table(request("orders", "select 1 as id", Map.of("s3_data_naming", "schema_table")));

        assertThat(w.log).containsExactly("ensureSchema analytics", "drop analytics.orders",
                "delete s3://lake/data/analytics/orders/");
        assertThat(w.statements).containsExactly("""
                create table "analytics"."orders"
                with (
                  format = 'PARQUET',
                  external_location = 's3://lake/data/analytics/orders/'
                )
                as
                select 1 as id""");
    }

    @Test
    void anExternalLocationIsAFixedFolder() {
        m.table(request("orders", "select 1 as id", Map.of("external_location", "s3://exports/orders")));
        assertThat(w.log).containsExactly("ensureSchema analytics", "delete s3://exports/orders/");
        assertThat(w.statements.get(0)).contains("external_location = 's3://exports/orders/'");
    }

    @Test
    void moreThan100PartitionsAreWrittenInBatches() {
        w.failOnce("partitioned_by", "HIVE_TOO_MANY_OPEN_PARTITIONS: Exceeded limit of 100 open writers for partitions/buckets");
        w.columnsOf.put("events__kiln_stage", List.of("kind", "dt"));
        w.results.put("select distinct", values(150));
        BuildResult r = m.table(request("events", "select kind, dt from raw_events", Map.of("partitioned_by", List.of("dt"))));

        assertThat(w.statements).hasSize(6);
        assertThat(w.statements.get(1)).isEqualTo("""
                create table "analytics"."events__kiln_stage"
                with (
                  format = 'PARQUET',
                  external_location = 's3://lake/data/analytics/events__kiln_stage/%s/'
                )
                as
                select kind, dt from raw_events""".formatted(U2));
        assertThat(w.statements.get(2)).isEqualTo("""
                create table "analytics"."events__kiln_tmp"
                with (
                  format = 'PARQUET',
                  external_location = 's3://lake/data/analytics/events/%s/',
                  partitioned_by = ARRAY['dt']
                )
                as
                select * from "analytics"."events__kiln_stage"
                with no data""".formatted(U1));
        assertThat(w.statements.get(3)).isEqualTo("""
                select distinct cast("dt" as varchar) as kiln_p0
                from "analytics"."events__kiln_stage\"""");
        assertThat(w.statements.get(4)).startsWith("""
                insert into "analytics"."events__kiln_tmp" ("kind", "dt")
                select "kind", "dt"
                from "analytics"."events__kiln_stage"
                where ("dt" is null)
                   or (cast("dt" as varchar) = 'v1')
                   or (cast("dt" as varchar) = 'v2')""");
        assertThat(w.statements.get(4).split("\n   or ")).hasSize(100);
        assertThat(w.statements.get(5).split("\n   or ")).hasSize(50);
        assertThat(r.rowsAffected()).isEqualTo(14);
        assertThat(w.log).containsExactly("ensureSchema analytics", "delete s3://lake/data/analytics/events/" + U1 + "/",
                "drop analytics.events__kiln_stage", "delete s3://lake/data/analytics/events__kiln_stage/" + U2 + "/",
                "replace analytics.events__kiln_tmp -> analytics.events");
    }

    /** {@code n} distinct partition values: null, then v1, v2, … */
    private static QueryResult values(int n) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(java.util.Collections.singletonList(null));
        for (int i = 1; i < n; i++) {
            rows.add(List.of("v" + i));
        }
        return new QueryResult(List.of("kiln_p0"), List.of("varchar"), rows, false);
    }

    @Test
    void aViewIsCreatedOrReplaced() {
        BuildResult r = m.view(request("active_users", "select * from users where active", Map.of()));
        assertThat(r).isEqualTo(new BuildResult(-1, "CREATE VIEW"));
        assertThat(w.statements).containsExactly("create or replace view \"analytics\".\"active_users\" as\n"
                + "select * from users where active");
    }

    @Test
    void aViewReplacesATableThroughTheCatalogThenDeletesTheTablesData() {
        w.table("analytics", "x", TableFormat.HIVE, "s3://lake/data/analytics/x/old/", List.of("id"), List.of());
        m.view(request("x", "select 2 as id", Map.of()));

        assertThat(w.statements).containsExactly("create or replace view \"analytics\".\"x__kiln_tmp\" as\nselect 2 as id");
        assertThat(w.log).containsExactly("ensureSchema analytics", "replace analytics.x__kiln_tmp -> analytics.x",
                "delete s3://lake/data/analytics/x/old/");
        assertThat(w.tables.get(Relation.of("analytics", "x")).kind()).isEqualTo(RelationKind.VIEW);
    }

    @Test
    void dataOutsideTheDataDirIsNeverDeleted() {
        w.table("analytics", "orders", TableFormat.HIVE, "s3://someone-else/orders/", List.of("id"), List.of());
        m.table(request("orders", "select 1 as id", Map.of()));
        assertThat(w.log).noneMatch(l -> l.startsWith("delete"));
    }

    // ---- incremental

    @Test
    void theFirstIncrementalRunBuildsTheTable() {
        m.incremental(request("events", "select 1 as id", Map.of("materialized", "incremental")));
        assertThat(w.statements.get(0)).startsWith("create table \"analytics\".\"events__kiln_tmp\"");
        assertThat(w.log).contains("replace analytics.events__kiln_tmp -> analytics.events");
    }

    @Test
    void appendStagesTheNewRowsThenInsertsThem() {
        w.table("analytics", "events", TableFormat.HIVE, "s3://lake/data/analytics/events/a/", List.of("id", "name"), List.of());
        w.columnsOf.put("events__kiln_tmp", List.of("name", "id", "extra"));
        BuildResult r = m.incremental(request("events", "select * from raw where id > 10", Map.of("materialized", "incremental")));

        assertThat(r).isEqualTo(new BuildResult(7, "INSERT 7"));
        assertThat(w.statements).containsExactly("""
                create table "analytics"."events__kiln_tmp"
                with (
                  table_type = 'ICEBERG',
                  is_external = false,
                  location = 's3://lake/data/analytics/events__kiln_tmp/%s/',
                  format = 'PARQUET'
                )
                as
                select * from raw where id > 10""".formatted(U1), """
                insert into "analytics"."events" ("id", "name")
                select "id", "name"
                from "analytics"."events__kiln_tmp\"""");
        assertThat(w.log).containsExactly("drop analytics.events__kiln_tmp",
                "delete s3://lake/data/analytics/events__kiln_tmp/" + U1 + "/");
    }

    @Test
    void insertOverwriteReplacesThePartitionsTheNewRowsFallInto() {
        w.table("analytics", "daily", TableFormat.HIVE, "s3://lake/data/analytics/daily/a/", List.of("n"), List.of("dt"));
        w.partitions.put(Relation.of("analytics", "daily"), List.of(
                new Partition(List.of("2026-10-31"), S3Uri.parse("s3://lake/data/analytics/daily/a/dt=2026-10-31/")),
                new Partition(List.of("2026-11-01"), S3Uri.parse("s3://lake/data/analytics/daily/a/dt=2026-11-01/"))));
        w.columnsOf.put("daily__kiln_tmp", List.of("n", "dt"));
        w.results.put("select distinct", new QueryResult(List.of("kiln_p0"), List.of("varchar"),
                List.of(List.of("2026-11-01"), List.of("2026-11-02")), false));
        m.incremental(request("daily", "select count(*) as n, dt from raw group by dt",
                Map.of("materialized", "incremental", "partitioned_by", "dt")));

        assertThat(w.statements.subList(1, 3)).containsExactly("""
                select distinct cast("dt" as varchar) as kiln_p0
                from "analytics"."daily__kiln_tmp\"""", """
                insert into "analytics"."daily" ("n", "dt")
                select "n", "dt"
                from "analytics"."daily__kiln_tmp\"""");
        assertThat(w.log).containsExactly("dropPartitions analytics.daily [[2026-11-01]]",
                "delete s3://lake/data/analytics/daily/a/dt=2026-11-01/",
                "drop analytics.daily__kiln_tmp", "delete s3://lake/data/analytics/daily__kiln_tmp/" + U1 + "/");
    }

    @Test
    void mergeUpdatesAndInsertsByUniqueKeyOnIceberg() {
        w.table("analytics", "users", TableFormat.ICEBERG, "s3://lake/data/analytics/users/a/", List.of("user_id", "plan", "seen"), List.of());
        w.columnsOf.put("users__kiln_tmp", List.of("user_id", "plan", "seen"));
        BuildResult r = m.incremental(request("users", "select * from stg_users", Map.of("materialized", "incremental",
                "table_type", "iceberg", "unique_key", "user_id",
                "incremental_predicates", List.of("kiln_dest.seen > date '2026-01-01'"))));

        assertThat(r.message()).isEqualTo("MERGE 7");
        assertThat(w.statements.get(1)).isEqualTo("""
                merge into "analytics"."users" as kiln_dest
                using "analytics"."users__kiln_tmp" as kiln_src
                on (kiln_src."user_id" = kiln_dest."user_id" and (kiln_dest.seen > date '2026-01-01'))
                when matched then update set "plan" = kiln_src."plan", "seen" = kiln_src."seen"
                when not matched then insert ("user_id", "plan", "seen")
                values (kiln_src."user_id", kiln_src."plan", kiln_src."seen")""");
    }

    @Test
    void mergeOnAHiveTableIsRefusedWithAHint() {
        w.table("analytics", "users", TableFormat.HIVE, "s3://lake/data/analytics/users/a/", List.of("user_id"), List.of());
        assertThatThrownBy(() -> m.incremental(request("users", "select 1", Map.of("materialized", "incremental",
                "incremental_strategy", "merge", "unique_key", "user_id"))))
                .isInstanceOf(KilnException.class).hasMessageContaining("needs an Iceberg table on Athena; set table_type: iceberg");
        assertThatThrownBy(() -> m.incremental(request("users", "select 1", Map.of("materialized", "incremental",
                "incremental_strategy", "delete+insert", "unique_key", "user_id"))))
                .isInstanceOf(KilnException.class).hasMessageContaining("'delete+insert' needs an Iceberg table");
        assertThatThrownBy(() -> m.incremental(request("users", "select 1", Map.of("materialized", "incremental",
                "incremental_strategy", "delete+insert"))))
                .isInstanceOf(KilnException.class).hasMessageContaining("needs a unique_key");
        assertThat(w.statements).isEmpty();
    }

    @Test
    void aHiveTableWhoseConfigTurnedIcebergIsRebuiltForAMerge() {
        w.table("analytics", "users", TableFormat.HIVE, "s3://lake/data/analytics/users/a/", List.of("user_id"), List.of());
        BuildResult r = m.incremental(request("users", "select 1 as user_id", Map.of("materialized", "incremental",
                "table_type", "iceberg", "unique_key", "user_id")));
        assertThat(r.message()).isEqualTo("CREATE TABLE");
        assertThat(w.statements.get(0)).startsWith("create table \"analytics\".\"users__kiln_tmp\"").contains("'ICEBERG'");
        assertThat(w.log).contains("replace analytics.users__kiln_tmp -> analytics.users");
    }

    @Test
    void deleteInsertOnIcebergDeletesTheKeysWithAMergeThenInserts() {
        w.table("analytics", "users", TableFormat.ICEBERG, "s3://lake/data/analytics/users/a/", List.of("user_id", "plan"), List.of());
        w.columnsOf.put("users__kiln_tmp", List.of("user_id", "plan"));
        BuildResult r = m.incremental(request("users", "select * from stg_users", Map.of("materialized", "incremental",
                "table_type", "iceberg", "unique_key", "user_id", "incremental_strategy", "delete+insert")));
        assertThat(r.message()).isEqualTo("INSERT 7");
        assertThat(w.statements.subList(1, 3)).containsExactly("""
                merge into "analytics"."users" as kiln_dest
                using (select distinct "user_id" from "analytics"."users__kiln_tmp") as kiln_src
                on (kiln_src."user_id" = kiln_dest."user_id")
                when matched then delete""", """
                insert into "analytics"."users" ("user_id", "plan")
                select "user_id", "plan"
                from "analytics"."users__kiln_tmp\"""");
    }

    @Test
    void insertOverwriteOnIcebergDeletesThePartitionsWithAMergeThenInserts() {
        w.table("analytics", "daily", TableFormat.ICEBERG, "s3://lake/data/analytics/daily/a/", List.of("n", "dt"), List.of());
        w.columnsOf.put("daily__kiln_tmp", List.of("n", "dt"));
        m.incremental(request("daily", "select count(*) as n, dt from raw group by dt", Map.of("materialized", "incremental",
                "table_type", "iceberg", "partitioned_by", "dt", "incremental_strategy", "insert_overwrite")));
        assertThat(w.statements.get(1)).isEqualTo("""
                merge into "analytics"."daily" as kiln_dest
                using (select distinct "dt" from "analytics"."daily__kiln_tmp") as kiln_src
                on (kiln_src."dt" is not distinct from kiln_dest."dt")
                when matched then delete""");
        assertThat(w.statements.get(2)).startsWith("insert into \"analytics\".\"daily\" (\"n\", \"dt\")");
        assertThat(w.log).noneMatch(l -> l.startsWith("dropPartitions"));
    }

    @Test
    void mergingIntoManyPartitionsIsBatchedBySourceFilter() {
        w.table("analytics", "users", TableFormat.ICEBERG, "s3://lake/data/analytics/users/a/", List.of("user_id", "dt"), List.of());
        w.columnsOf.put("users__kiln_tmp", List.of("user_id", "dt"));
        w.results.put("select distinct", values(150));
        m.incremental(request("users", "select * from stg_users", Map.of("materialized", "incremental",
                "table_type", "iceberg", "unique_key", "user_id", "partitioned_by", "dt")));
        List<String> merges = w.statements.stream().filter(s -> s.startsWith("merge")).toList();
        assertThat(merges).hasSize(2).allSatisfy(sql -> assertThat(sql)
                .contains("using (select * from \"analytics\".\"users__kiln_tmp\" where (").contains("   or (cast(\"dt\" as varchar) = '")
                .contains(") as kiln_src\non (kiln_src.\"user_id\" = kiln_dest.\"user_id\")"));
    }

    @Test
    void syncAllColumnsOnAHiveTableCannotDropColumns() {
        w.table("analytics", "events", TableFormat.HIVE, "s3://lake/data/analytics/events/a/", List.of("id", "gone"), List.of());
        w.columnsOf.put("events__kiln_tmp", List.of("id"));
        assertThatThrownBy(() -> m.incremental(request("events", "select 1", Map.of("materialized", "incremental",
                "on_schema_change", "sync_all_columns")))).hasMessageContaining("cannot drop or retype the columns of a Hive table");
        assertThat(w.statements).noneMatch(s -> s.startsWith("insert") || s.startsWith("alter"));
        assertThat(w.log).contains("drop analytics.events__kiln_tmp");
    }

    @Test
    void syncAllColumnsOnIcebergDropsAndAddsColumns() {
        w.table("analytics", "events", TableFormat.ICEBERG, "s3://lake/data/analytics/events/a/", List.of("id", "gone"), List.of());
        w.columnsOf.put("events__kiln_tmp", List.of("id", "extra"));
        m.incremental(request("events", "select 1", Map.of("materialized", "incremental", "table_type", "iceberg",
                "on_schema_change", "sync_all_columns")));
        assertThat(w.statements.subList(1, 4)).containsExactly(
                "alter table `analytics`.`events` add columns (`extra` string)",
                "alter table `analytics`.`events` drop column `gone`",
                "insert into \"analytics\".\"events\" (\"id\", \"extra\")\nselect \"id\", \"extra\"\nfrom \"analytics\".\"events__kiln_tmp\"");
    }

    @Test
    void appendingToManyPartitionsIsBatched() {
        w.table("analytics", "events", TableFormat.HIVE, "s3://lake/data/analytics/events/a/", List.of("id"), List.of("dt"));
        w.columnsOf.put("events__kiln_tmp", List.of("id", "dt"));
        w.results.put("select distinct", values(250));
        BuildResult r = m.incremental(request("events", "select id, dt from raw", Map.of("materialized", "incremental",
                "incremental_strategy", "append")));

        List<String> inserts = w.statements.stream().filter(s -> s.startsWith("insert")).toList();
        assertThat(inserts).hasSize(3);
        assertThat(inserts).allMatch(s -> s.contains("\nwhere "));
        assertThat(r.rowsAffected()).isEqualTo(21);
    }

    @Test
    void fullRefreshRebuildsAnIncrementalModel() {
        w.table("analytics", "events", TableFormat.HIVE, "s3://lake/data/analytics/events/a/", List.of("id"), List.of());
        m.incremental(request("events", ResourceType.MODEL, "select 1 as id", Map.of("materialized", "incremental"),
                Path.of("models/events.sql"), true, Map.of()));
        assertThat(w.statements.get(0)).startsWith("create table \"analytics\".\"events__kiln_tmp\"");
        assertThat(w.log).contains("delete s3://lake/data/analytics/events/a/");
    }

    @Test
    void onSchemaChangeFailStopsBeforeWriting() {
        w.table("analytics", "events", TableFormat.HIVE, "s3://lake/data/analytics/events/a/", List.of("id"), List.of());
        w.columnsOf.put("events__kiln_tmp", List.of("id", "extra"));
        assertThatThrownBy(() -> m.incremental(request("events", "select 1", Map.of("materialized", "incremental",
                "on_schema_change", "fail")))).hasMessageContaining("added: extra").hasMessageContaining("on_schema_change is 'fail'");
        assertThat(w.statements).noneMatch(s -> s.startsWith("insert"));
        assertThat(w.log).contains("drop analytics.events__kiln_tmp");
    }

    @Test
    void appendNewColumnsAddsThemFirst() {
        w.table("analytics", "events", TableFormat.HIVE, "s3://lake/data/analytics/events/a/", List.of("id"), List.of());
        w.columnsOf.put("events__kiln_tmp", List.of("id", "extra"));
        m.incremental(request("events", "select 1", Map.of("materialized", "incremental", "on_schema_change", "append_new_columns")));
        assertThat(w.statements.get(1)).isEqualTo("alter table `analytics`.`events` add columns (`extra` string)");
        assertThat(w.statements.get(2)).startsWith("insert into \"analytics\".\"events\" (\"id\", \"extra\")");
    }

    // ---- seeds

    @Test
    void seedsAreUploadedReadThroughACsvTableAndWrittenAsParquet() throws Exception {
        Path csv = projectDir.resolve("seeds/plans.csv");
        Files.createDirectories(csv.getParent());
        Files.writeString(csv, "plan_id,name,monthly_price,launched\n1,free,0,2026-01-01\n2,premium,9.99,\n");
        BuildResult r = m.seed(request("plans", ResourceType.SEED, "", Map.of("column_types", Map.of("plan_id", "varchar")),
                Path.of("seeds/plans.csv"), false, Map.of()));

        assertThat(r).isEqualTo(new BuildResult(7, "INSERT 7"));
        S3Uri object = S3Uri.parse("s3://lake/data/raw/plans__kiln_csv/" + U1 + "/plans.csv");
        assertThat(w.objects.get(object)).isEqualTo(Files.readAllBytes(csv));
        assertThat(w.statements).containsExactly("""
                create external table `raw`.`plans__kiln_csv` (
                  `plan_id` string,
                  `name` string,
                  `monthly_price` string,
                  `launched` string
                )
                row format serde 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
                with serdeproperties ('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\\\')
                stored as textfile
                location 's3://lake/data/raw/plans__kiln_csv/%s/'
                tblproperties ('skip.header.line.count' = '1')""".formatted(U1), """
                create table "raw"."plans__kiln_tmp"
                with (
                  format = 'PARQUET',
                  external_location = 's3://lake/data/raw/plans/%s/'
                )
                as
                select
                  cast(nullif("plan_id", '') as varchar) as "plan_id",
                  cast(nullif("name", '') as varchar) as "name",
                  cast(nullif("monthly_price", '') as double) as "monthly_price",
                  cast(nullif("launched", '') as date) as "launched"
                from "raw"."plans__kiln_csv\"""".formatted(U2));
        assertThat(w.log).containsExactly("ensureSchema raw", "put " + object, "ensureSchema raw",
                "replace raw.plans__kiln_tmp -> raw.plans", "drop raw.plans__kiln_csv",
                "delete s3://lake/data/raw/plans__kiln_csv/" + U1 + "/");
    }

    @Test
    void recoveringAnInterruptedBuildDropsItsWorkingTablesAndTheirDataAndKeepsTheTable() {
        w.table("analytics", "orders", TableFormat.HIVE, "s3://lake/data/analytics/orders/old/", List.of("id"), List.of());
        w.table("analytics", "orders__kiln_tmp", TableFormat.HIVE, "s3://lake/data/analytics/orders/new/", List.of("id"), List.of());
        w.table("analytics", "orders__kiln_stage", TableFormat.HIVE, "s3://lake/data/analytics/orders__kiln_stage/x/",
                List.of("id"), List.of());
        BuildRequest req = request("orders", "select 1 as id", Map.of());

        List<String> done = m.recover(req.session(), Relation.of("analytics", "orders"));

        assertThat(done).containsExactly("dropped analytics.orders__kiln_tmp (left by an interrupted build)",
                "dropped analytics.orders__kiln_stage (left by an interrupted build)");
        assertThat(w.tables).containsOnlyKeys(Relation.of("analytics", "orders"));
        assertThat(w.log).containsExactly("drop analytics.orders__kiln_tmp", "delete s3://lake/data/analytics/orders/new/",
                "drop analytics.orders__kiln_stage", "delete s3://lake/data/analytics/orders__kiln_stage/x/");
        assertThat(m.recover(req.session(), Relation.of("analytics", "orders"))).as("nothing left").isEmpty();
    }
}
