package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A load on Athena killed before each of its writes in turn (every S3 put or delete, Glue update
 * and Athena statement): whatever the moment, the next load finds either the old data with the
 * old state or the new data with the new state, and nothing else on S3.
 */
class AthenaLoadCrashTest {

    private static final Set<String> WRITES = Set.of("s3:PutObject", "s3:DeleteObjects", "CreateTable", "UpdateTable",
            "DeleteTable", "StartQueryExecution");
    private static final String RAW = "s3://lake/data/raw/";

    /** One world: a lake, and loads of {@code raw.orders} into it. */
    private static final class World implements AutoCloseable {
        final AwsLake lake = new AwsLake();
        final AthenaAdapter adapter = AthenaAdapter.open(Targets.settings(), lake.aws.setup());
        final AthenaSession session = (AthenaSession) adapter.openSession();

        LoadSink sink(String disposition, String loadId) {
            return adapter.loadSink(session, new LoadTarget(Relation.of("raw", "orders"), null, "app.orders", disposition,
                    List.of("id"), loadId)).orElseThrow();
        }

        void load(String disposition, String loadId, String state, long id, boolean children) {
            try (LoadSink sink = sink(disposition, loadId)) {
                StageWriter w = sink.stage("");
                w.addColumn("id", LoadType.BIGINT);
                w.addColumn("_kiln_load_id", LoadType.VARCHAR);
                w.append(new Object[]{id, loadId});
                if (children) {
                    StageWriter items = sink.stage("items");
                    items.addColumn("sku", LoadType.VARCHAR);
                    items.addColumn("_kiln_load_id", LoadType.VARCHAR);
                    items.append(new Object[]{"sku" + id, loadId});
                }
                sink.commit(state);
            }
        }

        String state() {
            try (LoadSink sink = sink("append", "9999.zzzz")) {
                return sink.state();
            }
        }

        @Override
        public void close() {
            session.close();
            adapter.close();
        }
    }

    private static int writesOf(String disposition, boolean children) {
        try (World w = new World()) {
            w.load(disposition, "1000.aaaa", "s1", 1, children);
            int before = w.lake.aws.calls().size();
            w.load(disposition, "2000.bbbb", "s2", 2, children);
            return (int) w.lake.aws.calls().subList(before, w.lake.aws.calls().size()).stream()
                    .filter(c -> WRITES.contains(c.operation())).count();
        }
    }

    private static World crashedAt(String disposition, boolean children, int k) {
        World w = new World();
        w.load(disposition, "1000.aaaa", "s1", 1, children);
        AtomicInteger writes = new AtomicInteger();
        w.lake.crashWhen("write " + k, c -> WRITES.contains(c.operation()) && writes.incrementAndGet() == k);
        assertThatThrownBy(() -> w.load(disposition, "2000.bbbb", "s2", 2, children)).isInstanceOf(AwsLake.Crash.class);
        return w;
    }

    @Test
    void anAppendWithAChildTableKilledBeforeAnyWriteLeavesOneConsistentVersion() {
        int n = writesOf("append", true);
        assertThat(n).isGreaterThanOrEqualTo(6);
        for (int k = 1; k <= n; k++) {
            try (World w = crashedAt("append", true, k)) {
                String state = w.state();
                assertThat(state).as("state after a crash at write %d", k).isIn("s1", "s2");
                List<String> loads = state.equals("s1") ? List.of("1000.aaaa") : List.of("1000.aaaa", "2000.bbbb");
                for (String table : List.of("orders", "orders__items")) {
                    String location = w.lake.table("raw", table).get("StorageDescriptor").get("Location").asText();
                    StringBuilder manifest = new StringBuilder();
                    loads.forEach(id -> manifest.append(RAW).append(table).append("/data/").append(id).append(".parquet\n"));
                    assertThat(w.lake.text(location + "manifest")).as("%s after a crash at write %d", table, k)
                            .isEqualTo(manifest.toString());
                    assertThat(w.lake.keys(RAW + table + "/data/")).as("%s's files after a crash at write %d", table, k)
                            .containsExactlyElementsOf(loads.stream().map(id -> RAW + table + "/data/" + id + ".parquet").toList());
                    assertThat(w.lake.keys(RAW + table + "/_kiln_manifest/")).containsExactly(location + "manifest");
                }
            }
        }
    }

    @Test
    void aMergeKilledBeforeAnyWriteLeavesTheStateThatMatchesTheTable() {
        int n = writesOf("merge", false);
        assertThat(n).isGreaterThanOrEqualTo(5);
        for (int k = 1; k <= n; k++) {
            try (World w = crashedAt("merge", false, k)) {
                boolean merged = w.lake.loadsIn("raw", "orders").contains("2000.bbbb");
                assertThat(w.state()).as("state after a crash at write %d", k).isEqualTo(merged ? "s2" : "s1");
                assertThat(w.lake.keys(RAW + "orders/_kiln_state/")).isEmpty();
                assertThat(w.lake.keys(RAW + "orders/_kiln_stage/")).isEmpty();
                assertThat(w.lake.table("raw", "orders__kiln_load_stage")).isNull();
            }
        }
    }
}
