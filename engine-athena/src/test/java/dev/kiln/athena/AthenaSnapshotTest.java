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
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact statements of snapshots on Athena: the SPI's SnapshotSql on Iceberg tables, one MERGE per run. */
class AthenaSnapshotTest {

    private static final String U1 = "00000000-0000-0000-0000-000000000001";
    private static final String NOW = "cast('2026-11-28 10:00:00.000000' as timestamp(6))";

    private final FakeWarehouse w = new FakeWarehouse();
    private final AtomicInteger uuid = new AtomicInteger();
    private final AthenaMaterializer m = new AthenaMaterializer(new AthenaDialect("AwsDataCatalog"),
            () -> new UUID(0, uuid.incrementAndGet()), Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

    private BuildRequest request(Map<String, Object> config) {
        Path file = Path.of("snapshots/users.yml");
        Node n = new Node("snapshot.shop.users_history", ResourceType.SNAPSHOT, "users_history", new NodeOrigin(file,
                SourcePosition.of(file), List.of("shop", "users_history")), "", new NodeConfig(config), NodeDocs.NONE, null);
        Relation r = Relation.of("snapshots", "users_history");
        CompiledNode node = new CompiledNode(n, "select * from \"staging\".\"stg_users\"", r, List.of(), List.of());
        return new BuildRequest(node, r, w.session(Targets.settings()), false, Path.of("."));
    }

    private static final Map<String, Object> TIMESTAMP = Map.of("unique_key", "user_id", "strategy", "timestamp",
            "updated_at", "updated_at");

    @Test
    void theFirstRunBuildsAnIcebergTableOfCurrentVersions() {
        w.results.put("limit 0", new QueryResult(List.of("user_id", "updated_at"), List.of("integer", "timestamp"), List.of(), false));
        BuildResult r = m.snapshot(request(TIMESTAMP));
        assertThat(r.message()).isEqualTo("SNAPSHOT 7 new, 0 changed, 0 deleted");
        assertThat(w.statements.subList(1, w.statements.size())).containsExactly("""
                create table "snapshots"."users_history__kiln_tmp"
                with (
                  table_type = 'ICEBERG',
                  is_external = false,
                  location = 's3://lake/data/snapshots/users_history/%s/',
                  format = 'PARQUET'
                )
                as
                select kiln_s.*, lower(to_hex(md5(to_utf8(cast(concat(coalesce(cast(kiln_s."user_id" as varchar), ''), '|', \
                cast(cast(kiln_s."updated_at" as timestamp(6)) as varchar)) as varchar))))) as "kiln_scd_id", \
                cast(kiln_s."updated_at" as timestamp(6)) as "kiln_updated_at", cast(kiln_s."updated_at" as timestamp(6)) as "kiln_valid_from", \
                cast(null as timestamp(6)) as "kiln_valid_to"
                from (
                select * from "staging"."stg_users"
                ) as kiln_s""".formatted(U1));
    }

    @Test
    void laterRunsStageTheChangesThenApplyThemInOneMerge() {
        w.table("snapshots", "users_history", TableFormat.ICEBERG, "s3://lake/data/snapshots/users_history/a/",
                List.of("user_id", "plan", "kiln_scd_id", "kiln_updated_at", "kiln_valid_from", "kiln_valid_to"), List.of());
        w.columnsOf.put("users_history__kiln_tmp", List.of("user_id", "plan", "country", "kiln_change", "kiln_scd_id",
                "kiln_updated_at", "kiln_valid_to"));
        w.results.put("limit 0", new QueryResult(List.of("user_id", "plan", "country"), List.of("integer", "varchar", "varchar"),
                List.of(), false));
        w.results.put("group by \"kiln_change\"", new QueryResult(List.of("kiln_change", "n"), List.of("varchar", "bigint"),
                List.of(List.of("insert", 2L), List.of("update", 1L), List.of("delete", 1L)), false));
        BuildResult r = m.snapshot(request(Map.of("unique_key", "user_id", "strategy", "check", "check_cols", "all",
                "hard_deletes", "invalidate")));

        assertThat(r).isEqualTo(new BuildResult(4, "SNAPSHOT 2 new, 1 changed, 1 deleted"));
        assertThat(w.statements.get(0)).isEqualTo("select * from (\nselect * from \"staging\".\"stg_users\"\n) limit 0");
        // the staged changes: the SPI's SnapshotSql, in an Iceberg working table (microseconds kept)
        assertThat(w.statements.get(1)).startsWith("""
                create table "snapshots"."users_history__kiln_tmp"
                with (
                  table_type = 'ICEBERG',
                  is_external = false,
                  location = 's3://lake/data/snapshots/users_history__kiln_tmp/%s/',
                  format = 'PARQUET'
                )
                as
                with kiln_source as (""".formatted(U1))
                .contains("select kiln_src.\"user_id\", kiln_src.\"plan\", kiln_src.\"country\", 'insert' as \"kiln_change\", "
                        + "cast(null as varchar) as \"kiln_scd_id\", " + NOW + " as \"kiln_updated_at\", " + NOW + " as \"kiln_valid_to\"")
                .contains("or kiln_src.\"country\" is not null");
        assertThat(w.statements.get(2)).isEqualTo("select \"user_id\", count(*) as kiln_rows from "
                + "\"snapshots\".\"users_history__kiln_tmp\" where \"kiln_change\" <> 'delete' group by \"user_id\" having count(*) > 1");
        assertThat(w.statements.get(4)).isEqualTo("alter table `snapshots`.`users_history` add columns (`country` string)");
        assertThat(w.statements.get(5)).isEqualTo("""
                merge into "snapshots"."users_history" as kiln_dest
                using (
                  select "user_id", "plan", "country", "kiln_scd_id" as kiln_match_id, "kiln_updated_at" as kiln_updated, \
                "kiln_valid_to" as kiln_at, "kiln_change" as kiln_what from "snapshots"."users_history__kiln_tmp" \
                where "kiln_change" in ('update', 'delete')
                  union all
                  select "user_id", "plan", "country", cast(null as varchar), "kiln_updated_at", "kiln_valid_to", "kiln_change" \
                from "snapshots"."users_history__kiln_tmp" where "kiln_change" in ('insert', 'update')
                ) as kiln_src
                on (kiln_dest."kiln_scd_id" = kiln_src.kiln_match_id)
                when matched and kiln_dest."kiln_valid_to" is null then update set "kiln_valid_to" = kiln_src.kiln_at
                when not matched and kiln_src.kiln_match_id is null then insert ("user_id", "plan", "country", "kiln_scd_id", \
                "kiln_updated_at", "kiln_valid_from", "kiln_valid_to")
                values (kiln_src."user_id", kiln_src."plan", kiln_src."country", \
                lower(to_hex(md5(to_utf8(cast(concat(coalesce(cast(kiln_src."user_id" as varchar), ''), '|', \
                cast(kiln_src.kiln_at as varchar)) as varchar))))), kiln_src.kiln_updated, kiln_src.kiln_at, cast(null as timestamp(6)))""");
        assertThat(w.statements).hasSize(6);
        assertThat(w.log).containsExactly("ensureSchema snapshots", "drop snapshots.users_history__kiln_tmp",
                "delete s3://lake/data/snapshots/users_history__kiln_tmp/" + U1 + "/");
    }

    @Test
    void newRecordAddsTheDeletedFlagThenRecordsDeletionsInTheSameMerge() {
        w.table("snapshots", "users_history", TableFormat.ICEBERG, "s3://lake/data/snapshots/users_history/a/",
                List.of("user_id", "updated_at", "kiln_scd_id", "kiln_updated_at", "kiln_valid_from", "kiln_valid_to"), List.of());
        w.results.put("limit 0", new QueryResult(List.of("user_id", "updated_at"), List.of("integer", "timestamp"), List.of(), false));
        w.results.put("group by \"kiln_change\"", new QueryResult(List.of("kiln_change", "n"), List.of("varchar", "bigint"),
                List.of(List.of("delete", 1L)), false));
        BuildResult r = m.snapshot(request(Map.of("unique_key", "user_id", "strategy", "timestamp", "updated_at", "updated_at",
                "hard_deletes", "new_record")));
        assertThat(r.message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 1 deleted");
        assertThat(w.statements.subList(4, 7)).satisfiesExactly(
                add -> assertThat(add).isEqualTo("alter table `snapshots`.`users_history` add columns (`kiln_is_deleted` boolean)"),
                set -> assertThat(set).isEqualTo("update \"snapshots\".\"users_history\" set \"kiln_is_deleted\" = false"),
                merge -> assertThat(merge).contains("where \"kiln_change\" in ('insert', 'update', 'delete')")
                        .contains("\"kiln_valid_to\", \"kiln_is_deleted\")\nvalues (")
                        .endsWith("cast(null as timestamp(6)), kiln_src.kiln_what = 'delete')"));
    }

    @Test
    void aRunWithNothingToRecordWritesNothing() {
        w.table("snapshots", "users_history", TableFormat.ICEBERG, "s3://lake/data/snapshots/users_history/a/",
                List.of("user_id", "updated_at", "kiln_scd_id"), List.of());
        w.results.put("limit 0", new QueryResult(List.of("user_id", "updated_at"), List.of("integer", "timestamp"), List.of(), false));
        BuildResult r = m.snapshot(request(TIMESTAMP));
        assertThat(r.message()).isEqualTo("SNAPSHOT 0 new, 0 changed, 0 deleted");
        assertThat(w.statements).noneMatch(s -> s.startsWith("merge"));
        assertThat(w.statements.get(1)).contains("where cast(kiln_src.\"updated_at\" as timestamp(6)) > kiln_cur.\"kiln_updated_at\"");
    }

    @Test
    void duplicateKeysLeaveTheSnapshotUnchanged() {
        w.table("snapshots", "users_history", TableFormat.ICEBERG, "s3://lake/data/snapshots/users_history/a/",
                List.of("user_id", "updated_at"), List.of());
        w.results.put("limit 0", new QueryResult(List.of("user_id", "updated_at"), List.of("integer", "timestamp"), List.of(), false));
        w.results.put("having count(*) > 1", new QueryResult(List.of("user_id", "kiln_rows"), List.of("integer", "bigint"),
                List.of(List.of(42, 2L)), false));
        assertThatThrownBy(() -> m.snapshot(request(TIMESTAMP)))
                .isInstanceOf(KilnException.class).hasMessageContaining("unique_key [user_id] is not unique in the source, e.g. [42]");
        assertThat(w.statements).noneMatch(s -> s.startsWith("merge"));
        assertThat(w.log).contains("drop snapshots.users_history__kiln_tmp");
    }

    @Test
    void aHiveTableOrAMissingKeyIsRefused() {
        w.results.put("limit 0", new QueryResult(List.of("user_id", "updated_at"), List.of("integer", "timestamp"), List.of(), false));
        w.table("snapshots", "users_history", TableFormat.HIVE, "s3://lake/data/snapshots/users_history/a/", List.of("user_id"), List.of());
        assertThatThrownBy(() -> m.snapshot(request(TIMESTAMP))).hasMessageContaining("not an Iceberg table");
        assertThatThrownBy(() -> m.snapshot(request(Map.of("strategy", "timestamp")))).hasMessageContaining("needs a unique_key");
    }
}
