package dev.kiln.athena;

import dev.kiln.KilnException;
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
 * {@code merge} of records with arrays on Athena: the table and its child table are Iceberg, the
 * children of merged rows are replaced, and a load killed before any of its writes (every S3 put
 * or delete, Glue write and Athena statement) and then run again ends with exactly the rows an
 * uninterrupted run has: none lost, none twice, no orphan child, nothing left on S3 or in Glue.
 * Athena's statements run for real on {@link AwsLake}'s engine.
 */
class AthenaMergeChildrenTest {

    private static final Set<String> WRITES = Set.of("s3:PutObject", "s3:DeleteObjects", "CreateTable", "UpdateTable",
            "DeleteTable", "StartQueryExecution");
    private static final String RAW = "s3://lake/data/raw/";

    /** An order and the skus of its items (an array in the record: child table {@code orders__items}). */
    record Order(long id, String name, List<String> skus) {
    }

    /** One load of {@code raw.orders}. */
    record Batch(String disposition, String loadId, String state, List<Order> orders) {
        Batch again(String newLoadId) {
            return new Batch(disposition, newLoadId, state, orders);
        }
    }

    private static Order o(long id, String name, String... skus) {
        return new Order(id, name, List.of(skus));
    }

    /** A lake and loads of {@code raw.orders} into it. */
    private static final class World implements AutoCloseable {
        final AwsLake lake = new AwsLake();
        final AthenaAdapter adapter = AthenaAdapter.open(Targets.settings(), lake.aws.setup());
        final AthenaSession session = (AthenaSession) adapter.openSession();

        LoadSink sink(String disposition, String loadId) {
            return adapter.loadSink(session, new LoadTarget(Relation.of("raw", "orders"), null, "app.orders", disposition,
                    List.of("id"), loadId)).orElseThrow();
        }

        /** Stages the batch as the normaliser would (ids, parent and root ids) and commits it. */
        long load(Batch b) {
            try (LoadSink sink = sink(b.disposition(), b.loadId())) {
                StageWriter w = sink.stage("");
                w.addColumn("_kiln_load_id", LoadType.VARCHAR);
                w.addColumn("_kiln_id", LoadType.VARCHAR);
                w.addColumn("id", LoadType.BIGINT);
                w.addColumn("name", LoadType.VARCHAR);
                StageWriter items = null;
                int n = 0;
                for (Order o : b.orders()) {
                    String rid = b.loadId() + "." + n++;
                    w.append(new Object[]{b.loadId(), rid, o.id(), o.name()});
                    int k = 0;
                    for (String sku : o.skus()) {
                        if (items == null) {
                            items = sink.stage("items");
                            for (String c : List.of("_kiln_load_id", "_kiln_id", "_kiln_parent_id", "_kiln_root_id", "sku")) {
                                items.addColumn(c, LoadType.VARCHAR);
                            }
                        }
                        items.append(new Object[]{b.loadId(), rid + "." + k++, rid, rid, sku});
                    }
                }
                return sink.commit(b.state());
            }
        }

        String state() {
            try (LoadSink sink = sink("merge", "9999.zzzz")) {
                return sink.state();
            }
        }

        /** The orders, {@code id:name}. */
        List<String> orders() {
            return column("select cast(\"id\" as varchar) || ':' || \"name\" from \"raw\".\"orders\" order by 1");
        }

        /** The items with the order they belong to, {@code id:sku}. */
        List<String> items() {
            return column("select cast(o.\"id\" as varchar) || ':' || i.\"sku\" from \"raw\".\"orders__items\" i"
                    + " join \"raw\".\"orders\" o on i.\"_kiln_root_id\" = o.\"_kiln_id\" order by 1");
        }

        long itemRows() {
            return Long.parseLong(column("select count(*) from \"raw\".\"orders__items\"").get(0));
        }

        private List<String> column(String sql) {
            return lake.engine.run(sql).rows().stream().map(r -> r.get(0)).toList();
        }

        /** Nothing of an interrupted load is left: no pending state, stage or conversion table, no stray files. */
        void assertClean(String when) {
            assertThat(lake.keys(RAW + "orders/_kiln_state/")).as("pending states %s", when).isEmpty();
            assertThat(lake.keys(RAW + "orders/_kiln_stage/")).as("staged files %s", when).isEmpty();
            assertThat(lake.tables.keySet()).as("Glue tables %s", when).containsExactly("raw.orders", "raw.orders__items");
            for (String t : List.of("orders", "orders__items")) {
                String location = lake.table("raw", t).get("StorageDescriptor").get("Location").asText();
                boolean iceberg = lake.table("raw", t).path("Parameters").path("table_type").asText().equals("ICEBERG");
                if (iceberg) {
                    assertThat(lake.keys(RAW + t + "/")).as("%s's files %s", t, when)
                            .allMatch(k -> k.startsWith(location));
                } else {
                    String manifest = lake.text(location + "manifest");
                    assertThat(lake.keys(RAW + t + "/")).as("%s's files %s", t, when)
                            .allMatch(k -> k.equals(location + "manifest") || manifest.contains(k + "\n"));
                }
            }
        }

        @Override
        public void close() {
            session.close();
            adapter.close();
            lake.engine.close();
        }
    }

    private static final Batch FIRST = new Batch("merge", "1000.aaaa", "s1",
            List.of(o(1, "ann", "x"), o(2, "bob", "b1"), o(1, "ann", "a1", "a2")));
    private static final Batch SECOND = new Batch("merge", "2000.bbbb", "s2",
            List.of(o(1, "ann2", "n1"), o(3, "cy", "c1", "c2"), o(4, "dee")));

    @Test
    void mergeReplacesTheChildrenOfMergedRowsAndKeepsTheOthers() {
        try (World w = new World()) {
            assertThat(w.load(FIRST)).isEqualTo(2);
            // the last duplicate of each key wins, with its own children only
            assertThat(w.orders()).containsExactly("1:ann", "2:bob");
            assertThat(w.items()).containsExactly("1:a1", "1:a2", "2:b1");
            assertThat(w.lake.table("raw", "orders__items").get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
            assertThat(w.lake.table("raw", "orders__items").get("StorageDescriptor").get("Location").asText())
                    .isEqualTo(RAW + "orders__items/iceberg/1000.aaaa/");
            assertThat(w.lake.table("raw", "orders").get("Parameters").get("kiln.children").asText()).isEqualTo("items=1000.aaaa");

            w.load(SECOND);
            assertThat(w.orders()).containsExactly("1:ann2", "2:bob", "3:cy", "4:dee");
            assertThat(w.items()).containsExactly("1:n1", "2:b1", "3:c1", "3:c2");
            assertThat(w.itemRows()).as("no orphan child rows").isEqualTo(4);
            assertThat(w.lake.sql).contains("delete from \"raw\".\"orders__items\" where \"_kiln_root_id\" not in"
                    + " (select \"_kiln_id\" from \"raw\".\"orders\" where \"_kiln_id\" is not null)");
            // the children go in before the commit, the orphans out after it
            List<String> writes = w.lake.sql.subList(w.lake.sql.size() - 3, w.lake.sql.size());
            assertThat(writes.get(0)).startsWith("insert into \"raw\".\"orders__items\"");
            assertThat(writes.get(1)).startsWith("merge into \"raw\".\"orders\"");
            assertThat(writes.get(2)).startsWith("delete from \"raw\".\"orders__items\"");

            // a merged row without its array loses its children
            w.load(new Batch("merge", "3000.cccc", "s3", List.of(o(2, "bob2"))));
            assertThat(w.items()).containsExactly("1:n1", "3:c1", "3:c2");
            assertThat(w.state()).isEqualTo("s3");
            w.assertClean("after three merges");
        }
    }

    @Test
    void aReplaceOfAMergedTableThenAMergeConvertTheChildrenToo() {
        try (World w = new World()) {
            w.load(FIRST);
            w.load(new Batch("replace", "2000.bbbb", "s2", List.of(o(5, "eve", "e1"), o(6, "fay"))));
            assertThat(w.lake.table("raw", "orders__items").path("Parameters").has("table_type")).isFalse();
            assertThat(w.orders()).containsExactly("5:eve", "6:fay");
            assertThat(w.items()).containsExactly("5:e1");
            w.assertClean("after the replace");

            w.load(new Batch("merge", "3000.cccc", "s3", List.of(o(5, "eve2", "f1", "f2"), o(7, "gus", "g1"))));
            assertThat(w.lake.table("raw", "orders__items").get("Parameters").get("table_type").asText()).isEqualTo("ICEBERG");
            assertThat(w.orders()).containsExactly("5:eve2", "6:fay", "7:gus");
            assertThat(w.items()).containsExactly("5:f1", "5:f2", "7:g1");
            assertThat(w.itemRows()).isEqualTo(3);
            assertThat(w.state()).isEqualTo("s3");
            w.assertClean("after the converting merge");
        }
    }

    @Test
    void aMergeWithChildrenButWithoutRowIdsIsRefusedBeforeAnythingIsWritten() {
        try (World w = new World(); LoadSink sink = w.sink("merge", "1000.aaaa")) {
            StageWriter root = sink.stage("");
            root.addColumn("id", LoadType.BIGINT);
            root.append(new Object[]{1L});
            StageWriter items = sink.stage("items");
            items.addColumn("sku", LoadType.VARCHAR);
            items.append(new Object[]{"a"});
            assertThatThrownBy(() -> sink.commit("s1")).isInstanceOf(KilnException.class)
                    .hasMessageContaining("needs column _kiln_id").hasMessageContaining("disposition: append");
            assertThat(w.lake.aws.calls("s3:PutObject")).isEmpty();
        }
    }

    /**
     * Runs {@code before}, then {@code crashed} killed before its k-th write, for every k; then
     * what the next run does (open, see the state, load the same records again when the state is
     * the old one) must leave what an uninterrupted run leaves.
     */
    private static void killedAtEveryWrite(List<Batch> before, Batch crashed, int atLeast) {
        List<String> orders;
        List<String> items;
        int n;
        try (World ref = new World()) { // the uninterrupted run: its rows, and how many writes the load makes
            before.forEach(ref::load);
            int from = ref.lake.aws.calls().size();
            ref.load(crashed);
            n = (int) ref.lake.aws.calls().subList(from, ref.lake.aws.calls().size()).stream()
                    .filter(c -> WRITES.contains(c.operation())).count();
            orders = ref.orders();
            items = ref.items();
        }
        assertThat(n).isGreaterThanOrEqualTo(atLeast);
        String previous = before.isEmpty() ? null : before.get(before.size() - 1).state();
        for (int k = 1; k <= n; k++) {
            try (World w = new World()) {
                before.forEach(w::load);
                AtomicInteger writes = new AtomicInteger();
                int at = k;
                w.lake.crashWhen("write " + k, c -> WRITES.contains(c.operation()) && writes.incrementAndGet() == at);
                assertThatThrownBy(() -> w.load(crashed)).isInstanceOf(AwsLake.Crash.class);

                String state = w.state();
                assertThat(state).as("state after a crash at write %d of %d", k, n).isIn(previous, crashed.state());
                if (java.util.Objects.equals(state, previous)) {
                    w.load(crashed.again("5000.eeee"));
                }
                assertThat(w.state()).isEqualTo(crashed.state());
                assertThat(w.orders()).as("orders after a crash at write %d of %d", k, n).isEqualTo(orders);
                assertThat(w.items()).as("items after a crash at write %d of %d", k, n).isEqualTo(items);
                assertThat(w.itemRows()).as("item rows after a crash at write %d of %d", k, n).isEqualTo(items.size());
                w.assertClean("after a crash at write " + k + " of " + n);
            }
        }
    }

    @Test
    void theFirstMergeWithChildrenKilledBeforeAnyWrite() {
        killedAtEveryWrite(List.of(), FIRST, 6);
    }

    @Test
    void aMergeWithChildrenKilledBeforeAnyWrite() {
        killedAtEveryWrite(List.of(FIRST), SECOND, 8);
    }

    @Test
    void aConvertingMergeWithChildrenKilledBeforeAnyWrite() {
        killedAtEveryWrite(List.of(FIRST, new Batch("replace", "2000.bbbb", "s2", List.of(o(5, "eve", "e1"), o(6, "fay")))),
                new Batch("merge", "3000.cccc", "s3", List.of(o(5, "eve2", "f1"), o(7, "gus", "g1"))), 10);
    }

    @Test
    void aReplaceOfAMergedTableWithChildrenKilledBeforeAnyWrite() {
        killedAtEveryWrite(List.of(FIRST), new Batch("replace", "2000.bbbb", "s2", List.of(o(5, "eve", "e1"), o(6, "fay"))), 4);
    }
}
