package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.RelationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code merge} on Athena (and {@code append} onto a table that is Iceberg already): an Iceberg
 * table, written by Athena. A load
 * <ol>
 *   <li>uploads the staged rows (the last duplicate of each key) as Parquet to
 *   {@code _kiln_stage/<load_id>/} and declares them as the Glue table {@code <table>__kiln_load_stage};</li>
 *   <li>writes its new state to {@code _kiln_state/<load_id>.json} (pending);</li>
 *   <li>adds new columns ({@code ALTER TABLE … ADD COLUMNS}), then runs ONE statement, the commit:
 *   {@code MERGE} on the primary key ({@code INSERT} to append; a {@code CREATE TABLE AS} for
 *   the first load; a Hive table left by a {@code replace} is copied to a new Iceberg table,
 *   merged there and swapped in through Glue);</li>
 *   <li>copies the state into the table's parameter {@value AthenaLoadSink#STATE}, deletes the
 *   pending object, the stage table and its files.</li>
 * </ol>
 * Every row a load writes carries its {@code _kiln_load_id}, so whether step 3 committed is a fact
 * of the table: when a load opens and finds a pending state, it promotes it if the table holds
 * rows of that load, and discards it otherwise (the rows are then read again).
 */
final class IcebergLoads {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergLoads.class);
    private static final TableConfig ICEBERG = new TableConfig(TableFormat.ICEBERG, "PARQUET", List.of(), List.of(), 0,
            null, null, null);

    private final AthenaLoadSink.Context ctx;
    private final LoadLayout layout;

    IcebergLoads(AthenaLoadSink.Context ctx) {
        this.ctx = ctx;
        this.layout = ctx.layout();
    }

    long commit(LocalStage stage, Optional<CatalogTable> root, String newState) {
        String loadId = ctx.target().loadId();
        List<String> children = stage.tables().stream().filter(t -> !t.isEmpty()).toList();
        if (!children.isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Loading " + ctx.table() + " with disposition "
                    + ctx.target().disposition() + " on Athena would write child tables (" + String.join(", ", children)
                    + ", from arrays in the records), which Athena loads only with append or replace. Use"
                    + " 'disposition: append' or 'replace', or load on DuckDB.");
        }
        boolean merge = "merge".equals(ctx.target().disposition());
        if (!stage.tables().contains("")) {
            root.ifPresent(t -> promote(newState, loadId));
            return 0;
        }
        List<String> keys = merge ? ctx.target().primaryKey() : List.of();
        Map<String, LoadType> existing = AthenaLoadSink.columnsOf(root);
        List<TableDefinition.Column> columns = AthenaLoadSink.evolve(ctx, "", existing, stage.columns(""),
                stage.columnNames(""));
        LocalStage.Written w = stage.parquet("", keys);
        if (w.rows() == 0) {
            root.ifPresent(t -> promote(newState, loadId));
            return 0;
        }
        S3Uri folder = layout.stageFolder(loadId);
        Relation stageRel = layout.stage();
        Relation table = layout.relation("");
        try {
            LOG.info("Uploading {} rows of {} to {} ({} bytes)", w.rows(), table.displayName(), folder, ManifestLoads.size(w));
            ctx.store().upload(folder.resolve("part-0.parquet"), w.file());
            List<TableDefinition.Column> stagedCols = columns.stream().filter(c -> stage.columns("").containsKey(c.name())).toList();
            ctx.catalog().put(stageRel, TableDefinition.parquet(stagedCols, folder, Map.of("classification", "parquet")));
            ctx.store().put(layout.pendingState(loadId), newState.getBytes(StandardCharsets.UTF_8));
            List<String> names = stage.columnNames("");
            if (root.isEmpty()) {
                ctx.session().execute(ctx.sql().createTableAs(table, ICEBERG, layout.icebergRoot().resolve(loadId + "/"),
                        "select * from " + render(stageRel), true));
            } else if (root.get().format() != TableFormat.ICEBERG) {
                convertAndWrite(root.get(), columns, stageRel, names, merge, loadId);
            } else {
                List<RelationInfo.Column> added = AthenaLoadSink.sqlColumns(columns.subList(existing.size(), columns.size()));
                if (!added.isEmpty()) {
                    ctx.session().execute(ctx.sql().addColumns(table, added));
                }
                ctx.session().execute(write(table, stageRel, names, merge));
            }
        } catch (RuntimeException e) {
            cleanStage(loadId);
            throw e;
        }
        promote(newState, loadId);
        try {
            ctx.store().delete(List.of(layout.pendingState(loadId)));
        } catch (RuntimeException e) {
            LOG.warn("Load {} is committed; its pending state object stays until the next load ({})", ctx.table(), e.getMessage());
        }
        cleanStage(loadId);
        return w.rows();
    }

    /**
     * A Hive table (a {@code replace} wrote it) becomes Iceberg: copied whole to a new Iceberg
     * table, the new rows written there, then swapped in through Glue in one update.
     */
    private void convertAndWrite(CatalogTable hive, List<TableDefinition.Column> columns, Relation stageRel, List<String> names,
                                 boolean merge, String loadId) {
        Relation table = layout.relation("");
        Relation tmp = new Relation(table.database(), table.schema(), table.identifier() + "__kiln_tmp");
        ctx.catalog().drop(tmp);
        StringBuilder select = new StringBuilder("select ");
        List<String> have = hive.columnNames();
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i).name();
            String q = ctx.sql().columns(List.of(c), null);
            select.append(i == 0 ? "" : ", ").append(have.contains(c) ? q
                    : "cast(null as " + HiveTypes.toSql(columns.get(i).hiveType()) + ") as " + q);
        }
        select.append(" from ").append(render(table));
        ctx.session().execute(ctx.sql().createTableAs(tmp, ICEBERG, layout.icebergRoot().resolve(loadId + "/"),
                select.toString(), true));
        ctx.session().execute(write(tmp, stageRel, names, merge));
        ctx.catalog().replace(tmp, table);
    }

    private String write(Relation table, Relation stageRel, List<String> names, boolean merge) {
        return merge ? ctx.sql().merge(table, stageRel, null, ctx.target().primaryKey(), names, List.of())
                : ctx.sql().insert(table, stageRel, names, null);
    }

    private void promote(String state, String loadId) {
        ctx.catalog().setParameters(layout.relation(""), Map.of(AthenaLoadSink.STATE, state, AthenaLoadSink.LOAD_ID, loadId));
    }

    /**
     * Settles what an interrupted load left: a pending state whose rows are in the table is
     * promoted (the newest such), the others discarded; stage tables and files are removed.
     */
    void recover(Optional<CatalogTable> root) {
        List<ObjectStore.StoredObject> pending = new ArrayList<>(ctx.store().list(layout.stateRoot()));
        if (!pending.isEmpty()) {
            pending.sort(Comparator.comparing((ObjectStore.StoredObject o) -> o.uri().key()).reversed());
            String committed = root.map(t -> t.parameters().get(AthenaLoadSink.LOAD_ID)).orElse(null);
            for (ObjectStore.StoredObject o : pending) {
                String name = o.uri().key().substring(o.uri().key().lastIndexOf('/') + 1);
                String loadId = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
                if (root.isEmpty() || committed != null && committed.compareTo(loadId) >= 0) {
                    break;
                }
                if (holdsRowsOf(loadId)) {
                    byte[] state = ctx.store().get(o.uri());
                    LOG.info("Load {} of {} committed its rows before it stopped: storing its state now", loadId, ctx.table());
                    promote(new String(state, StandardCharsets.UTF_8), loadId);
                    break;
                }
            }
            ctx.store().delete(pending.stream().map(ObjectStore.StoredObject::uri).toList());
        }
        ctx.catalog().drop(layout.stage());
        Relation table = layout.relation("");
        ctx.catalog().drop(new Relation(table.database(), table.schema(), table.identifier() + "__kiln_tmp"));
        List<ObjectStore.StoredObject> staged = ctx.store().list(layout.base("").resolve("_kiln_stage/"));
        if (!staged.isEmpty()) {
            ctx.store().delete(staged.stream().map(ObjectStore.StoredObject::uri).toList());
        }
        root.filter(t -> t.format() == TableFormat.ICEBERG && t.location() != null).ifPresent(this::removeOldIcebergFolders);
    }

    /**
     * Files of what the table was before (an earlier Iceberg table, or the manifest table a
     * {@code replace} wrote and a merge converted) that the Iceberg table no longer uses.
     */
    private void removeOldIcebergFolders(CatalogTable t) {
        List<S3Uri> gone = new ArrayList<>(ctx.store().list(layout.icebergRoot()).stream().map(ObjectStore.StoredObject::uri)
                .filter(u -> !t.location().contains(u)).toList());
        ctx.store().list(layout.dataFolder("")).forEach(o -> gone.add(o.uri()));
        ctx.store().list(layout.manifestRoot("")).forEach(o -> gone.add(o.uri()));
        if (!gone.isEmpty()) {
            ctx.store().delete(gone);
        }
    }

    private boolean holdsRowsOf(String loadId) {
        QueryResult r = ctx.session().query("select count(*) from " + render(layout.relation("")) + " where "
                + ctx.sql().columns(List.of("_kiln_load_id"), null) + " = '" + loadId.replace("'", "''") + "'", 1);
        Object n = r.rows().isEmpty() || r.rows().get(0).isEmpty() ? null : r.rows().get(0).get(0);
        return n != null && Long.parseLong(n.toString()) > 0;
    }

    private void cleanStage(String loadId) {
        try {
            ctx.catalog().drop(layout.stage());
            ctx.store().deletePrefix(layout.stageFolder(loadId));
        } catch (RuntimeException e) {
            LOG.warn("Could not remove the stage of load {} of {} ({}); the next load removes it", loadId, ctx.table(),
                    e.getMessage());
        }
    }

    private String render(Relation r) {
        return ctx.dialect().render(r);
    }
}
