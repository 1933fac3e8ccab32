package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loads on Athena through the real SDK clients against Glue, S3 and Athena with state
 * ({@link AwsLake}): the objects written, the Glue table inputs, the SQL, and what the next load
 * does after a crash between steps.
 */
class AthenaLoadSinkTest {

    private static final String RAW = "s3://lake/data/raw/";

    private final AwsLake lake = new AwsLake();
    private final AthenaAdapter adapter = AthenaAdapter.open(Targets.settings(), lake.aws.setup());
    private final AthenaSession session = (AthenaSession) adapter.openSession();

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        session.close();
        adapter.close();
    }

    private LoadSink sink(String table, String disposition, String loadId) {
        return adapter.loadSink(session, new LoadTarget(Relation.of("raw", table), null, "app." + table, disposition,
                "merge".equals(disposition) ? List.of("id") : List.of(), loadId)).orElseThrow();
    }

    /** Stages rows {@code (id, name)} (and {@code extra} when given) with the load id. */
    private static void rows(LoadSink sink, String loadId, boolean extra, Object[]... rows) {
        StageWriter w = sink.stage("");
        w.addColumn("id", LoadType.BIGINT);
        w.addColumn("name", LoadType.VARCHAR);
        w.addColumn("_kiln_load_id", LoadType.VARCHAR);
        if (extra) {
            w.addColumn("seen_at", LoadType.TIMESTAMP);
        }
        for (Object[] r : rows) {
            w.append(extra ? new Object[]{r[0], r[1], loadId, LocalDateTime.of(2026, 11, 2, 10, 0)} : new Object[]{r[0], r[1], loadId});
        }
    }

    private long load(String table, String disposition, String loadId, String state, boolean extra, Object[]... rows) {
        try (LoadSink sink = sink(table, disposition, loadId)) {
            rows(sink, loadId, extra, rows);
            return sink.commit(state);
        }
    }

    private String stateOf(String table) {
        try (LoadSink sink = sink(table, "append", "probe")) {
            return sink.state();
        }
    }

    private List<String> parquet(String uri, String query) throws Exception {
        Path f = tmp.resolve("f" + System.nanoTime() + ".parquet");
        Files.write(f, lake.objects.get(uri));
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query.replace("$F", "read_parquet('" + f + "')"))) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String> columns(JsonNode table) {
        return GlueColumns.of(table);
    }

    @Test
    void appendWritesParquetAManifestAndOneGlueTableWithTheState() throws Exception {
        long n = load("users", "append", "1000.aaaa", "{\"cursor\":\"2\"}", false, new Object[]{1L, "ann"}, new Object[]{2L, "bob"});

        assertThat(n).isEqualTo(2);
        String data = RAW + "users/data/1000.aaaa.parquet";
        assertThat(lake.keys(RAW)).containsExactly(RAW + "users/_kiln_manifest/1000.aaaa/manifest", data);
        assertThat(parquet(data, "select id || ':' || name || ':' || _kiln_load_id from $F order by id"))
                .containsExactly("1:ann:1000.aaaa", "2:bob:1000.aaaa");
        assertThat(lake.text(RAW + "users/_kiln_manifest/1000.aaaa/manifest")).isEqualTo(data + "\n");
        JsonNode t = lake.table("raw", "users");
        assertThat(t.get("StorageDescriptor").get("Location").asText()).isEqualTo(RAW + "users/_kiln_manifest/1000.aaaa/");
        assertThat(t.get("StorageDescriptor").get("InputFormat").asText()).isEqualTo("org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat");
        assertThat(t.get("StorageDescriptor").get("SerdeInfo").get("SerializationLibrary").asText())
                .isEqualTo("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
        assertThat(columns(t)).containsExactly("id bigint", "name string", "_kiln_load_id string");
        assertThat(t.get("Parameters").get("kiln.load_state").asText()).isEqualTo("{\"cursor\":\"2\"}");
        assertThat(lake.aws.operations()).contains("CreateTable").doesNotContain("StartQueryExecution");
        assertThat(stateOf("users")).isEqualTo("{\"cursor\":\"2\"}");
    }

    @Test
    void aSecondAppendListsBothFilesAndAddsNewColumnsInTheSameUpdate() throws Exception {
        load("users", "append", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        long before = lake.aws.calls("UpdateTable").size();
        load("users", "append", "2000.bbbb", "s2", true, new Object[]{3L, "cy"});

        assertThat(lake.text(RAW + "users/_kiln_manifest/2000.bbbb/manifest"))
                .isEqualTo(RAW + "users/data/1000.aaaa.parquet\n" + RAW + "users/data/2000.bbbb.parquet\n");
        assertThat(lake.aws.calls("UpdateTable")).hasSize((int) before + 1);
        JsonNode t = lake.table("raw", "users");
        assertThat(columns(t)).containsExactly("id bigint", "name string", "_kiln_load_id string", "seen_at timestamp");
        assertThat(t.get("StorageDescriptor").get("Location").asText()).isEqualTo(RAW + "users/_kiln_manifest/2000.bbbb/");
        assertThat(t.get("Parameters").get("kiln.load_state").asText()).isEqualTo("s2");
        assertThat(lake.keys(RAW + "users/_kiln_manifest/")).containsExactly(RAW + "users/_kiln_manifest/2000.bbbb/manifest");
        assertThat(parquet(RAW + "users/data/2000.bbbb.parquet", "select cast(seen_at as varchar) from $F"))
                .containsExactly("2026-11-02 10:00:00");
    }

    @Test
    void replaceListsOnlyTheNewFileAndDeletesTheOldOnesAfterTheCommit() {
        load("users", "append", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        load("users", "replace", "2000.bbbb", "s2", false, new Object[]{9L, "zed"});

        assertThat(lake.text(RAW + "users/_kiln_manifest/2000.bbbb/manifest")).isEqualTo(RAW + "users/data/2000.bbbb.parquet\n");
        assertThat(lake.keys(RAW + "users/")).containsExactly(RAW + "users/_kiln_manifest/2000.bbbb/manifest",
                RAW + "users/data/2000.bbbb.parquet");
    }

    @Test
    void aCrashBeforeTheCommitLeavesTheOldTableAndStateAndTheNextLoadRemovesWhatItWrote() {
        load("users", "append", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        lake.crashOn("UpdateTable", b -> b.contains("\"Name\":\"users\""));
        assertThatThrownBy(() -> {
            try (LoadSink sink = sink("users", "append", "2000.bbbb")) {
                rows(sink, "2000.bbbb", false, new Object[]{2L, "bob"});
                StageWriter items = sink.stage("items");
                items.addColumn("_kiln_parent_id", LoadType.VARCHAR);
                items.addColumn("sku", LoadType.VARCHAR);
                items.append(new Object[]{"p1", "x"});
                sink.commit("s2");
            }
        }).isInstanceOf(AwsLake.Crash.class);
        // the child table moved first; the table itself, and its state, did not
        assertThat(lake.table("raw", "users__items")).isNotNull();
        assertThat(lake.table("raw", "users").get("Parameters").get("kiln.load_state").asText()).isEqualTo("s1");
        assertThat(lake.keys(RAW + "users/data/")).hasSize(2);

        assertThat(stateOf("users")).isEqualTo("s1");
        assertThat(lake.table("raw", "users__items")).isNull();
        assertThat(lake.keys(RAW + "users__items/")).isEmpty();
        assertThat(lake.keys(RAW + "users/")).containsExactly(RAW + "users/_kiln_manifest/1000.aaaa/manifest",
                RAW + "users/data/1000.aaaa.parquet");
    }

    @Test
    void aChildMovedByAnInterruptedLoadIsPointedBackAtItsCommittedManifest() {
        try (LoadSink sink = sink("orders", "append", "1000.aaaa")) {
            rows(sink, "1000.aaaa", false, new Object[]{1L, "o1"});
            StageWriter items = sink.stage("items");
            items.addColumn("sku", LoadType.VARCHAR);
            items.append(new Object[]{"a"});
            sink.commit("s1");
        }
        assertThat(lake.table("raw", "orders").get("Parameters").get("kiln.children").asText()).isEqualTo("items=1000.aaaa");
        lake.crashOn("UpdateTable", b -> b.contains("\"Name\":\"orders\""));
        assertThatThrownBy(() -> {
            try (LoadSink sink = sink("orders", "append", "2000.bbbb")) {
                rows(sink, "2000.bbbb", false, new Object[]{2L, "o2"});
                StageWriter items = sink.stage("items");
                items.addColumn("sku", LoadType.VARCHAR);
                items.append(new Object[]{"b"});
                sink.commit("s2");
            }
        }).isInstanceOf(AwsLake.Crash.class);
        assertThat(lake.table("raw", "orders__items").get("StorageDescriptor").get("Location").asText())
                .endsWith("orders__items/_kiln_manifest/2000.bbbb/");

        assertThat(stateOf("orders")).isEqualTo("s1");
        assertThat(lake.table("raw", "orders__items").get("StorageDescriptor").get("Location").asText())
                .isEqualTo(RAW + "orders__items/_kiln_manifest/1000.aaaa/");
        assertThat(lake.keys(RAW + "orders__items/")).containsExactly(RAW + "orders__items/_kiln_manifest/1000.aaaa/manifest",
                RAW + "orders__items/data/1000.aaaa.parquet");
    }

    @Test
    void mergeCreatesAnIcebergTableThenMergesOnThePrimaryKey() throws Exception {
        load("users", "merge", "1000.aaaa", "s1", false, new Object[]{1L, "ann"}, new Object[]{1L, "ann2"}, new Object[]{2L, "bob"});

        String ctas = lake.sql.get(0);
        assertThat(ctas).startsWith("create table \"raw\".\"users\"\nwith (\n  table_type = 'ICEBERG'")
                .contains("location = '" + RAW + "users/iceberg/1000.aaaa/'")
                .endsWith("select * from \"raw\".\"users__kiln_load_stage\"");
        JsonNode t = lake.table("raw", "users");
        assertThat(t.get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
        assertThat(t.get("Parameters").get("kiln.load_state").asText()).isEqualTo("s1");
        assertThat(lake.table("raw", "users__kiln_load_stage")).isNull();
        assertThat(lake.keys(RAW + "users/_kiln_st")).isEmpty();
        // the stage held the last duplicate of each key
        RecordedAws.Call staged = lake.aws.calls("s3:PutObject").stream().filter(c -> c.uri().contains("_kiln_stage")).findFirst().orElseThrow();
        lake.objects.put("s3://probe/staged.parquet", staged.bytes());
        assertThat(parquet("s3://probe/staged.parquet", "select id || ':' || name from $F order by id")).containsExactly("1:ann2", "2:bob");
        // the pending state was written before the CTAS ran
        List<String> ops = lake.aws.operations();
        int pending = -1;
        for (int i = 0; i < ops.size(); i++) {
            RecordedAws.Call c = lake.aws.calls().get(i);
            if (c.operation().equals("s3:PutObject") && c.uri().contains("_kiln_state")) {
                pending = i;
            }
        }
        assertThat(pending).isGreaterThan(-1).isLessThan(ops.indexOf("StartQueryExecution"));

        load("users", "merge", "2000.bbbb", "s2", true, new Object[]{2L, "bobby"}, new Object[]{3L, "cy"});
        assertThat(lake.sql).anyMatch(s -> s.equals("alter table `raw`.`users` add columns (`seen_at` timestamp)"));
        String merge = lake.sql.get(lake.sql.size() - 1);
        assertThat(merge).isEqualTo("merge into \"raw\".\"users\" as kiln_dest\nusing \"raw\".\"users__kiln_load_stage\" as kiln_src\n"
                + "on (kiln_src.\"id\" = kiln_dest.\"id\")\n"
                + "when matched then update set \"name\" = kiln_src.\"name\", \"_kiln_load_id\" = kiln_src.\"_kiln_load_id\", \"seen_at\" = kiln_src.\"seen_at\"\n"
                + "when not matched then insert (\"id\", \"name\", \"_kiln_load_id\", \"seen_at\")\n"
                + "values (kiln_src.\"id\", kiln_src.\"name\", kiln_src.\"_kiln_load_id\", kiln_src.\"seen_at\")");
        assertThat(stateOf("users")).isEqualTo("s2");
    }

    @Test
    void aMergeThatCommittedBeforeTheCrashHasItsStatePromotedByTheNextLoad() {
        load("users", "merge", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        lake.crashOn("UpdateTable", b -> b.contains("kiln.load_state"));
        assertThatThrownBy(() -> load("users", "merge", "2000.bbbb", "s2", false, new Object[]{2L, "bob"}))
                .isInstanceOf(AwsLake.Crash.class);
        assertThat(lake.keys(RAW + "users/_kiln_state/")).containsExactly(RAW + "users/_kiln_state/2000.bbbb.json");

        assertThat(stateOf("users")).isEqualTo("s2");
        assertThat(lake.sql).contains("select count(*) from \"raw\".\"users\" where \"_kiln_load_id\" = '2000.bbbb'");
        assertThat(lake.keys(RAW + "users/_kiln_state/")).isEmpty();
        assertThat(lake.table("raw", "users__kiln_load_stage")).isNull();
        assertThat(lake.keys(RAW + "users/_kiln_stage/")).isEmpty();
    }

    @Test
    void aMergeThatDidNotCommitLeavesTheOldStateAndItsPendingStateIsDiscarded() {
        load("users", "merge", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        lake.crashOn("StartQueryExecution", b -> b.contains("merge into"));
        assertThatThrownBy(() -> load("users", "merge", "2000.bbbb", "s2", false, new Object[]{2L, "bob"}))
                .isInstanceOf(AwsLake.Crash.class);

        assertThat(stateOf("users")).isEqualTo("s1");
        assertThat(lake.keys(RAW + "users/_kiln_state/")).isEmpty();
        assertThat(lake.table("raw", "users__kiln_load_stage")).isNull();
    }

    @Test
    void aTypeAthenaCannotWidenStopsTheLoadBeforeAnythingIsWritten() {
        load("users", "append", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        int puts = lake.aws.calls("s3:PutObject").size();
        assertThatThrownBy(() -> {
            try (LoadSink sink = sink("users", "append", "2000.bbbb")) {
                StageWriter w = sink.stage("");
                w.addColumn("id", LoadType.DOUBLE);
                w.append(new Object[]{1.5});
                sink.commit("s2");
            }
        }).isInstanceOf(KilnException.class)
                .hasMessageContaining("Column 'id' of raw.users is BIGINT on Athena, and this load of app.users holds DOUBLE")
                .hasMessageContaining("--full-refresh");
        assertThat(lake.aws.calls("s3:PutObject")).hasSize(puts);
        assertThat(stateOf("users")).isEqualTo("s1");
    }

    @Test
    void aLocalExternalLocationIsRefusedOnAthena() {
        assertThatThrownBy(() -> adapter.loadSink(session, new LoadTarget(Relation.of("raw", "users"), "/tmp/raw/users",
                "app.users", "append", List.of(), "1")))
                .isInstanceOf(KilnException.class).hasMessageContaining("must be an s3:// folder");
    }

    @Test
    void anS3ExternalLocationHoldsTheTableAndItsChildrenInSiblingFolders() {
        try (LoadSink sink = adapter.loadSink(session, new LoadTarget(Relation.of("raw", "events"), "s3://landing/raw/events",
                "app.events", "append", List.of(), "1000.aaaa")).orElseThrow()) {
            rows(sink, "1000.aaaa", false, new Object[]{1L, "e"});
            StageWriter tags = sink.stage("tags");
            tags.addColumn("value", LoadType.VARCHAR);
            tags.append(new Object[]{"t"});
            sink.commit("s1");
        }
        assertThat(lake.keys("s3://landing/")).containsExactly("s3://landing/raw/events/_kiln_manifest/1000.aaaa/manifest",
                "s3://landing/raw/events/data/1000.aaaa.parquet",
                "s3://landing/raw/events__tags/_kiln_manifest/1000.aaaa/manifest",
                "s3://landing/raw/events__tags/data/1000.aaaa.parquet");
        assertThat(lake.table("raw", "events__tags").get("StorageDescriptor").get("Location").asText())
                .isEqualTo("s3://landing/raw/events__tags/_kiln_manifest/1000.aaaa/");
    }

    @Test
    void aCrashAfterTheUploadLeavesOrphansThatTheNextLoadDeletes() {
        load("users", "append", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        lake.crashWhen("manifest upload", c -> c.operation().equals("s3:PutObject") && c.uri().contains("_kiln_manifest"));
        assertThatThrownBy(() -> load("users", "append", "2000.bbbb", "s2", false, new Object[]{2L, "bob"}))
                .isInstanceOf(AwsLake.Crash.class);
        assertThat(lake.keys(RAW + "users/data/")).containsExactly(RAW + "users/data/1000.aaaa.parquet",
                RAW + "users/data/2000.bbbb.parquet");

        lake.crashOn("UpdateTable", b -> true);
        assertThatThrownBy(() -> load("users", "append", "3000.cccc", "s3", false, new Object[]{3L, "cy"}))
                .isInstanceOf(AwsLake.Crash.class);
        assertThat(lake.keys(RAW + "users/")).contains(RAW + "users/data/3000.cccc.parquet",
                RAW + "users/_kiln_manifest/3000.cccc/manifest");

        assertThat(stateOf("users")).isEqualTo("s1");
        assertThat(lake.keys(RAW + "users/")).containsExactly(RAW + "users/_kiln_manifest/1000.aaaa/manifest",
                RAW + "users/data/1000.aaaa.parquet");
    }

    @Test
    void aReplacedMergeTableIsConvertedBackToIcebergByTheNextMerge() {
        load("users", "merge", "1000.aaaa", "s1", false, new Object[]{1L, "ann"});
        load("users", "replace", "2000.bbbb", "s2", false, new Object[]{2L, "bob"});
        JsonNode hive = lake.table("raw", "users");
        assertThat(hive.get("Parameters").has("table_type")).isFalse();
        assertThat(hive.get("StorageDescriptor").get("InputFormat").asText()).endsWith("SymlinkTextInputFormat");
        assertThat(lake.keys(RAW + "users/iceberg/")).isEmpty();

        lake.objects.put(RAW + "users/iceberg/2000.bbbb/data/x.parquet", new byte[1]); // not ours any more
        load("users", "merge", "3000.cccc", "s3", false, new Object[]{2L, "bobby"});
        int ctas = lake.sql.size() - 2;
        assertThat(lake.sql.get(ctas)).startsWith("create table \"raw\".\"users__kiln_tmp\"\nwith (\n  table_type = 'ICEBERG'")
                .contains("location = '" + RAW + "users/iceberg/3000.cccc/'")
                .endsWith("select \"id\", \"name\", \"_kiln_load_id\" from \"raw\".\"users\"");
        assertThat(lake.sql.get(ctas + 1)).startsWith("merge into \"raw\".\"users__kiln_tmp\" as kiln_dest");
        JsonNode iceberg = lake.table("raw", "users");
        assertThat(iceberg.get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
        assertThat(iceberg.get("Parameters").get("kiln.load_state").asText()).isEqualTo("s3");
        assertThat(lake.table("raw", "users__kiln_tmp")).isNull();

        assertThat(stateOf("users")).isEqualTo("s3");
        assertThat(lake.keys(RAW + "users/")).isEmpty(); // the manifest table's files and the stray folder are gone
    }
    /** A load of {@code table} with one row and one row of child table {@code child}. */
    private void loadWithChild(String table, String disposition, String loadId, String state, String child) {
        try (LoadSink sink = sink(table, disposition, loadId)) {
            StageWriter root = sink.stage("");
            root.addColumn("id", LoadType.BIGINT);
            root.addColumn("_kiln_id", LoadType.VARCHAR);
            root.addColumn("_kiln_load_id", LoadType.VARCHAR);
            root.append(new Object[]{1L, "k1", loadId});
            StageWriter w = sink.stage(child);
            w.addColumn("_kiln_root_id", LoadType.VARCHAR);
            w.addColumn("value", LoadType.VARCHAR);
            w.append(new Object[]{"k1", "v"});
            sink.commit(state);
        }
    }

    @Test
    void tablesThatOnlyHaveAChildsNameSurviveTheRecoveryOfTheLoad() {
        // another load's Parquet table (kiln.load_id) with a child of its own, and another load's Iceberg table
        loadWithChild("events__archive", "append", "0500.aaaa", "a1", "items");
        load("events__old", "merge", "0600.aaaa", "o1", false, new Object[]{7L, "old"});
        assertThat(lake.table("raw", "events__archive").get("Parameters").get("kiln.load_id").asText()).isEqualTo("0500.aaaa");
        assertThat(lake.table("raw", "events__old").get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
        List<String> archiveFiles = lake.keys(RAW + "events__archive/");
        assertThat(archiveFiles).isNotEmpty();

        // a load of events that created its child table events__tags and stopped before its commit
        lake.crashOn("CreateTable", b -> b.contains("\"Name\":\"events\""));
        assertThatThrownBy(() -> loadWithChild("events", "append", "1000.aaaa", "e1", "tags"))
                .isInstanceOf(AwsLake.Crash.class);
        assertThat(lake.table("raw", "events__tags").get("Parameters").get("kiln.parent").asText()).isEqualTo("events");

        assertThat(stateOf("events")).isNull(); // the recovery: the real child goes ...
        assertThat(lake.table("raw", "events__tags")).isNull();
        assertThat(lake.keys(RAW + "events__tags/")).isEmpty();
        // ... the others stay, definitions, states and files
        assertThat(lake.table("raw", "events__archive").get("Parameters").get("kiln.load_id").asText()).isEqualTo("0500.aaaa");
        assertThat(lake.table("raw", "events__archive__items")).isNotNull();
        assertThat(lake.table("raw", "events__old").get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
        assertThat(lake.keys(RAW + "events__archive/")).isEqualTo(archiveFiles);
        assertThat(stateOf("events__archive")).isEqualTo("a1");
        assertThat(stateOf("events__old")).isEqualTo("o1");
        assertThat(lake.rows("raw", "events__old", "name")).containsExactly("old");

        // a committed load of events and a replace of it leave them alone too
        loadWithChild("events", "append", "2000.bbbb", "e2", "tags");
        load("events", "replace", "3000.cccc", "e3", false, new Object[]{2L, "x"});
        assertThat(lake.table("raw", "events").get("Parameters").get("kiln.children").asText()).isEqualTo("tags=3000.cccc");
        assertThat(lake.keys(RAW + "events__archive/")).isEqualTo(archiveFiles);
        assertThat(stateOf("events__old")).isEqualTo("o1");
    }

    @Test
    void aLoadWhoseChildWouldOverwriteAnotherTableStopsAndLeavesItAlone() {
        load("events__archive", "append", "0500.aaaa", "a1", false, new Object[]{1L, "keep"});
        List<String> files = lake.keys(RAW + "events__archive/");
        assertThatThrownBy(() -> loadWithChild("events", "append", "1000.aaaa", "e1", "archive"))
                .isInstanceOf(KilnException.class)
                .hasMessageContaining("child table raw.events__archive, but that table is not one of its children")
                .hasMessageContaining("Rename or drop that table");
        assertThat(lake.table("raw", "events__archive").get("Parameters").get("kiln.load_state").asText()).isEqualTo("a1");
        assertThat(lake.keys(RAW + "events__archive/")).isEqualTo(files);

        loadWithChild("events__archive", "append", "0600.aaaa", "a2", "items"); // its own children are marked as its
        assertThatThrownBy(() -> loadWithChild("events", "append", "1100.aaaa", "e1", "archive__items"))
                .isInstanceOf(KilnException.class).hasMessageContaining("its parameter kiln.parent names events__archive");
        assertThatThrownBy(() -> loadWithChild("events", "merge", "1200.aaaa", "e1", "archive__items"))
                .isInstanceOf(KilnException.class).hasMessageContaining("that table belongs to events__archive");
        assertThat(lake.table("raw", "events__archive__items").get("Parameters").get("kiln.load_id").asText())
                .isEqualTo("0600.aaaa");
    }

    @Test
    void aChildWrittenBeforeChildrenWereMarkedIsRecoveredWhenItsTableListsIt() {
        loadWithChild("orders", "append", "1000.aaaa", "s1", "items");
        lake.crashOn("UpdateTable", b -> b.contains("\"Name\":\"orders\""));
        assertThatThrownBy(() -> loadWithChild("orders", "append", "2000.bbbb", "s2", "items"))
                .isInstanceOf(AwsLake.Crash.class);
        // as an earlier Kiln left them: no kiln.parent, on the moved child and on an uncommitted one
        ((com.fasterxml.jackson.databind.node.ObjectNode) lake.table("raw", "orders__items").get("Parameters")).remove("kiln.parent");
        load("orders__extra", "append", "0500.aaaa", "x1", false, new Object[]{1L, "x"});
        ((com.fasterxml.jackson.databind.node.ObjectNode) lake.table("raw", "orders__extra").get("Parameters"))
                .remove("kiln.load_state");

        assertThat(stateOf("orders")).isEqualTo("s1");
        // listed in orders' kiln.children: pointed back; not listed: left alone
        assertThat(lake.table("raw", "orders__items").get("StorageDescriptor").get("Location").asText())
                .isEqualTo(RAW + "orders__items/_kiln_manifest/1000.aaaa/");
        assertThat(lake.table("raw", "orders__items").get("Parameters").get("kiln.parent").asText()).isEqualTo("orders");
        assertThat(lake.table("raw", "orders__extra").get("Parameters").get("kiln.load_id").asText()).isEqualTo("0500.aaaa");
        assertThat(lake.keys(RAW + "orders__extra/")).hasSize(2);
    }
}
