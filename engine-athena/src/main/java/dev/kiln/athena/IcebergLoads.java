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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code merge} on Athena (and {@code append} onto a table that is Iceberg already): Iceberg
 * tables, written by Athena, the loaded table and its child tables ({@code <table>__<field>},
 * from arrays in the records). A load
 * <ol>
 *   <li>uploads the staged rows (the last duplicate of each key, and the child rows of those) as
 *   Parquet to {@code _kiln_stage/<load_id>/} ({@code _kiln_stage/<load_id>__<child>/}) and declares
 *   them as the Glue tables {@code <table>__kiln_load_stage} ({@code <table>__<child>__kiln_load_stage});</li>
 *   <li>writes its new state to {@code _kiln_state/<load_id>.json} (pending);</li>
 *   <li>inserts the new child rows into each child table (a {@code CREATE TABLE AS} for a new
 *   one). Until step 4 they are <em>orphans</em>: their {@code _kiln_root_id} names no row of the table;</li>
 *   <li>adds new columns ({@code ALTER TABLE … ADD COLUMNS}), then runs ONE statement, the commit:
 *   {@code MERGE} on the primary key ({@code INSERT} to append; a {@code CREATE TABLE AS} for
 *   the first load; a Hive table left by a {@code replace} is copied to a new Iceberg table,
 *   merged there and swapped in through Glue, its children likewise after it);</li>
 *   <li>deletes, in each child table, the rows whose top-level row is gone (the children of
 *   the rows the merge replaced): {@code delete … where _kiln_root_id not in (select _kiln_id …)};</li>
 *   <li>copies the state into the table's parameter {@value AthenaLoadSink#STATE}, deletes the
 *   pending object, the stage tables and their files.</li>
 * </ol>
 * Every row a load writes carries its {@code _kiln_load_id}, so whether step 4 committed is a fact
 * of the table: when a load opens and finds a pending state, it finishes steps 5 and 6 if the
 * table holds rows of that load, and otherwise discards the state and deletes the orphans of
 * step 3 (the rows are then read again). Either way, no row is lost or kept twice.
 */
final class IcebergLoads {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergLoads.class);
    private static final TableConfig ICEBERG = new TableConfig(TableFormat.ICEBERG, "PARQUET", List.of(), List.of(), 0,
            null, null, null);
    private static final String ID = "_kiln_id";
    private static final String ROOT_ID = "_kiln_root_id";

    private final AthenaLoadSink.Context ctx;
    private final LoadLayout layout;

    IcebergLoads(AthenaLoadSink.Context ctx) {
        this.ctx = ctx;
        this.layout = ctx.layout();
    }

    /** One staged table of this load, uploaded. */
    private record Staged(String table, List<TableDefinition.Column> columns, int existing, List<String> names, long rows) {
    }

    long commit(LocalStage stage, Optional<CatalogTable> root, String newState) {
        String loadId = ctx.target().loadId();
        boolean merge = "merge".equals(ctx.target().disposition());
        if (!stage.tables().contains("")) {
            root.ifPresent(t -> promote(newState, loadId));
            return 0;
        }
        List<String> keys = merge ? ctx.target().primaryKey() : List.of();
        List<String> children = stage.tables().stream().filter(t -> !t.isEmpty()).toList();
        if (merge && !children.isEmpty()) {
            requireIds(stage, children);
        }
        Map<String, LoadType> existing = AthenaLoadSink.columnsOf(root);
        List<TableDefinition.Column> columns = AthenaLoadSink.evolve(ctx, "", existing, stage.columns(""),
                stage.columnNames(""));
        Map<String, Staged> staged = new LinkedHashMap<>();
        for (String child : children) {
            Optional<CatalogTable> current = ctx.catalog().table(layout.relation(child));
            if (current.isPresent() && layout.foreign(current.get())) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Loading " + ctx.table() + " would write its child table "
                        + layout.relation(child).displayName() + ", but that table belongs to "
                        + current.get().parameters().get(LoadLayout.PARENT) + " (its parameter " + LoadLayout.PARENT
                        + "), so Kiln leaves it alone. Rename or drop that table, or load " + ctx.table() + " into another table.");
            }
            Map<String, LoadType> have = AthenaLoadSink.columnsOf(current);
            staged.put(child, new Staged(child, AthenaLoadSink.evolve(ctx, child, have, stage.columns(child),
                    stage.columnNames(child)), have.size(), stage.columnNames(child), 0));
        }
        LocalStage.Written w = stage.parquet("", keys);
        if (w.rows() == 0) {
            root.ifPresent(t -> promote(newState, loadId));
            return 0;
        }
        Relation stageRel = layout.stage();
        Relation table = layout.relation("");
        boolean convert = root.isPresent() && root.get().format() != TableFormat.ICEBERG;
        try {
            upload("", w, columns, stage.columns(""));
            for (String child : children) {
                LocalStage.Written cw = merge ? stage.childParquet(child, keys) : stage.parquet(child, List.of());
                Staged s = staged.get(child);
                staged.put(child, new Staged(child, s.columns(), s.existing(), s.names(), cw.rows()));
                if (cw.rows() > 0) {
                    upload(child, cw, s.columns(), stage.columns(child));
                }
            }
            ctx.store().put(layout.pendingState(loadId), newState.getBytes(StandardCharsets.UTF_8));
            if (convert) {
                for (String child : childrenToConvert(root.get(), staged.keySet())) {
                    convertChild(child, staged.get(child), loadId);
                }
            } else {
                for (Staged s : staged.values()) {
                    if (s.rows() > 0) {
                        writeChild(s, loadId);
                    }
                }
            }
            List<String> names = stage.columnNames("");
            if (root.isEmpty()) {
                ctx.session().execute(ctx.sql().createTableAs(table, ICEBERG, layout.icebergRoot().resolve(loadId + "/"),
                        "select * from " + render(stageRel), true));
            } else if (convert) {
                convertAndWrite(root.get(), columns, stageRel, names, merge, loadId);
            } else {
                List<RelationInfo.Column> added = AthenaLoadSink.sqlColumns(columns.subList(existing.size(), columns.size()));
                if (!added.isEmpty()) {
                    ctx.session().execute(ctx.sql().addColumns(table, added));
                }
                ctx.session().execute(write(table, stageRel, names, merge));
            }
        } catch (RuntimeException e) {
            cleanStage(loadId, staged.keySet());
            throw e;
        }
        settle(newState, loadId, merge);
        return w.rows();
    }

    /** Uploads one staged table to its stage folder and declares it in Glue. */
    private void upload(String t, LocalStage.Written w, List<TableDefinition.Column> columns, Map<String, LoadType> staged) {
        S3Uri folder = layout.stageFolder(t, ctx.target().loadId());
        LOG.info("Uploading {} rows of {} to {} ({} bytes)", w.rows(), layout.relation(t).displayName(), folder,
                ManifestLoads.size(w));
        ctx.store().upload(folder.resolve("part-0.parquet"), w.file());
        List<TableDefinition.Column> stagedCols = columns.stream().filter(c -> staged.containsKey(c.name())).toList();
        ctx.catalog().put(layout.stage(t), TableDefinition.parquet(stagedCols, folder, Map.of("classification", "parquet")));
    }

    /** Inserts a child table's staged rows (orphans until the commit), creating the Iceberg table on first use. */
    private void writeChild(Staged s, String loadId) {
        Relation rel = layout.relation(s.table());
        Relation src = layout.stage(s.table());
        if (ctx.catalog().table(rel).isEmpty()) {
            ctx.session().execute(ctx.sql().createTableAs(rel, ICEBERG, layout.icebergRoot(s.table()).resolve(loadId + "/"),
                    "select * from " + render(src), true));
            ctx.catalog().setParameters(rel, layout.childMark());
            return;
        }
        List<RelationInfo.Column> added = AthenaLoadSink.sqlColumns(s.columns().subList(s.existing(), s.columns().size()));
        if (!added.isEmpty()) {
            ctx.session().execute(ctx.sql().addColumns(rel, added));
        }
        ctx.session().execute(ctx.sql().insert(rel, src, s.names(), null));
    }

    /** The child tables a conversion must turn into Iceberg: those the Hive table has, and the staged ones. */
    private List<String> childrenToConvert(CatalogTable hive, Set<String> staged) {
        Set<String> out = new LinkedHashSet<>(ManifestLoads.parseChildren(hive.parameters().get(ManifestLoads.CHILDREN)).keySet());
        out.addAll(staged);
        return List.copyOf(out);
    }

    /**
     * A child of a Hive table being converted: copied (with its new rows) to an Iceberg table
     * {@code <child>__kiln_tmp}, which {@link #settle} swaps in after the table's own commit.
     */
    private void convertChild(String child, Staged s, String loadId) {
        Relation tmp = layout.tmp(child);
        ctx.catalog().drop(tmp);
        Optional<CatalogTable> hive = ctx.catalog().table(layout.relation(child));
        S3Uri location = layout.icebergRoot(child).resolve(loadId + "/");
        if (hive.isEmpty()) {
            if (s != null && s.rows() > 0) {
                ctx.session().execute(ctx.sql().createTableAs(tmp, ICEBERG, location,
                        "select * from " + render(layout.stage(child)), true));
                ctx.catalog().setParameters(tmp, layout.childMark());
            }
            return;
        }
        List<TableDefinition.Column> columns = s == null ? hive.get().allColumns().stream()
                .map(c -> new TableDefinition.Column(c.name(), AthenaSql.hiveType(c.type()))).toList() : s.columns();
        ctx.session().execute(ctx.sql().createTableAs(tmp, ICEBERG, location, copy(hive.get(), columns, layout.relation(child)),
                true));
        ctx.catalog().setParameters(tmp, layout.childMark());
        if (s != null && s.rows() > 0) {
            ctx.session().execute(ctx.sql().insert(tmp, layout.stage(child), s.names(), null));
        }
    }

    /**
     * A Hive table (a {@code replace} wrote it) becomes Iceberg: copied whole to a new Iceberg
     * table, the new rows written there, then swapped in through Glue in one update.
     */
    private void convertAndWrite(CatalogTable hive, List<TableDefinition.Column> columns, Relation stageRel, List<String> names,
                                 boolean merge, String loadId) {
        Relation table = layout.relation("");
        Relation tmp = layout.tmp("");
        ctx.catalog().drop(tmp);
        ctx.session().execute(ctx.sql().createTableAs(tmp, ICEBERG, layout.icebergRoot().resolve(loadId + "/"),
                copy(hive, columns, table), true));
        ctx.session().execute(write(tmp, stageRel, names, merge));
        ctx.catalog().replace(tmp, table);
    }

    /** {@code select} of every column of {@code columns} from a Hive table (null where it has none). */
    private String copy(CatalogTable hive, List<TableDefinition.Column> columns, Relation from) {
        StringBuilder select = new StringBuilder("select ");
        List<String> have = hive.columnNames();
        for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i).name();
            String q = ctx.sql().columns(List.of(c), null);
            select.append(i == 0 ? "" : ", ").append(have.contains(c) ? q
                    : "cast(null as " + HiveTypes.toSql(columns.get(i).hiveType()) + ") as " + q);
        }
        return select.append(" from ").append(render(from)).toString();
    }

    private String write(Relation table, Relation stageRel, List<String> names, boolean merge) {
        return merge ? ctx.sql().merge(table, stageRel, null, ctx.target().primaryKey(), names, List.of())
                : ctx.sql().insert(table, stageRel, names, null);
    }

    /**
     * After the commit (or, after a crash, when the next load finds it happened): converted
     * children swapped in, orphaned child rows deleted, the state stored, the pending object and
     * the stages removed. Every step may be repeated.
     */
    private void settle(String state, String loadId, boolean deleteOrphans) {
        Map<String, String> children = new TreeMap<>();
        for (String child : childTables()) {
            Optional<CatalogTable> tmp = ctx.catalog().table(layout.tmp(child));
            if (tmp.isPresent() && conversionOf(child, tmp.get())) {
                LOG.info("Swapping in the Iceberg version of {}", layout.relation(child).displayName());
                ctx.catalog().replace(layout.tmp(child), layout.relation(child));
            }
            Optional<CatalogTable> t = ctx.catalog().table(layout.relation(child));
            if (t.isPresent() && t.get().format() == TableFormat.ICEBERG && linked(t.get())) {
                if (deleteOrphans) {
                    deleteOrphans(child);
                }
                children.put(child, loadId);
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put(AthenaLoadSink.STATE, state);
        params.put(AthenaLoadSink.LOAD_ID, loadId);
        if (!children.isEmpty()) {
            params.put(ManifestLoads.CHILDREN, ManifestLoads.formatChildren(children));
        }
        ctx.catalog().setParameters(layout.relation(""), params);
        try {
            ctx.store().delete(List.of(layout.pendingState(loadId)));
        } catch (RuntimeException e) {
            LOG.warn("Load {} is committed; its pending state object stays until the next load ({})", ctx.table(), e.getMessage());
        }
        cleanStage(loadId, children.keySet());
        try {
            ctx.catalog().table(layout.relation("")).filter(t -> t.format() == TableFormat.ICEBERG && t.location() != null)
                    .ifPresent(this::removeOldIcebergFolders);
        } catch (RuntimeException e) {
            LOG.warn("Load {} is committed; removing superseded files failed ({}); the next load retries", ctx.table(),
                    e.getMessage());
        }
    }

    /** Deletes the rows of a child table whose top-level row the table no longer holds. */
    private void deleteOrphans(String child) {
        String id = ctx.sql().columns(List.of(ID), null);
        ctx.session().execute("delete from " + render(layout.relation(child)) + " where "
                + ctx.sql().columns(List.of(ROOT_ID), null) + " not in (select " + id + " from "
                + render(layout.relation("")) + " where " + id + " is not null)");
    }

    private void promote(String state, String loadId) {
        ctx.catalog().setParameters(layout.relation(""), Map.of(AthenaLoadSink.STATE, state, AthenaLoadSink.LOAD_ID, loadId));
    }

    /**
     * Settles what an interrupted load left: a pending state whose rows are in the table is
     * completed (children swapped in, orphans deleted) and promoted (the newest such); the others
     * are discarded, with the child rows they inserted; stage and conversion tables and files are
     * removed.
     */
    void recover(Optional<CatalogTable> root) {
        List<ObjectStore.StoredObject> pending = new ArrayList<>(ctx.store().list(layout.stateRoot()));
        boolean settled = false;
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
                    LOG.info("Load {} of {} committed its rows before it stopped: finishing it now", loadId, ctx.table());
                    settle(new String(state, StandardCharsets.UTF_8), loadId, true);
                    settled = true;
                    break;
                }
            }
            if (!settled) {
                discardUncommitted(root);
            }
            ctx.store().delete(pending.stream().map(ObjectStore.StoredObject::uri).toList());
        }
        Set<String> children = childTables();
        for (String child : children) {
            // only this load's: a table <table>__<x>__kiln_load_stage may be the stage of a load of <table>__<x>
            ctx.catalog().table(layout.stage(child)).filter(t -> t.location() != null && layout.stageRoot().contains(t.location()))
                    .ifPresent(t -> ctx.catalog().drop(layout.stage(child)));
            ctx.catalog().table(layout.tmp(child)).filter(t -> conversionOf(child, t))
                    .ifPresent(t -> ctx.catalog().drop(layout.tmp(child)));
        }
        ctx.catalog().drop(layout.stage());
        ctx.catalog().drop(layout.tmp(""));
        List<ObjectStore.StoredObject> staged = ctx.store().list(layout.stageRoot());
        if (!staged.isEmpty()) {
            ctx.store().delete(staged.stream().map(ObjectStore.StoredObject::uri).toList());
        }
        ctx.catalog().table(layout.relation("")).filter(t -> t.format() == TableFormat.ICEBERG && t.location() != null)
                .ifPresent(this::removeOldIcebergFolders);
    }

    /**
     * An interrupted load that did not commit may have written child rows (orphans): they are
     * deleted, and child tables it created while the table itself does not exist are dropped.
     */
    private void discardUncommitted(Optional<CatalogTable> root) {
        boolean iceberg = root.map(t -> t.format() == TableFormat.ICEBERG).orElse(false);
        for (String child : childTables()) {
            Optional<CatalogTable> tmp = ctx.catalog().table(layout.tmp(child));
            if (tmp.isPresent() && conversionOf(child, tmp.get())) {
                ctx.catalog().drop(layout.tmp(child)); // a conversion that did not commit
                ctx.store().deletePrefix(tmp.get().location());
            }
            Optional<CatalogTable> t = ctx.catalog().table(layout.relation(child));
            if (t.isEmpty() || t.get().format() != TableFormat.ICEBERG || !linked(t.get())) {
                continue;
            }
            if (iceberg) {
                deleteOrphans(child);
            } else if (root.isEmpty()) {
                LOG.info("Removing {}: an interrupted first load of {} created it", layout.relation(child).displayName(),
                        ctx.table());
                ctx.catalog().drop(layout.relation(child));
                ctx.store().deletePrefix(layout.icebergRoot(child));
            }
        }
    }

    /**
     * Whether a table named like a child table is one: its rows link to the table's rows
     * ({@code _kiln_root_id}), and its parameter {@value LoadLayout#PARENT}, when it has one (a table
     * written before Kiln recorded it has none), names this load's table. Another loaded table that
     * merely has such a name is left alone.
     */
    private boolean linked(CatalogTable t) {
        return !layout.foreign(t) && t.columnNames().stream().anyMatch(ROOT_ID::equalsIgnoreCase);
    }

    /** Whether {@code tmp} is a conversion of {@code child} a load wrote (its files below the child's Iceberg folder). */
    private boolean conversionOf(String child, CatalogTable tmp) {
        if (tmp.location() == null || !layout.icebergRoot(child).contains(tmp.location()) || layout.foreign(tmp)) {
            return false;
        }
        // unmarked (written before Kiln marked children): not when <table>__<child> is itself a loaded table,
        // whose own conversion this would be
        return layout.markedChild(tmp) || ctx.catalog().table(layout.relation(child))
                .map(t -> !t.parameters().containsKey(AthenaLoadSink.STATE)).orElse(true);
    }

    /** The child tables (and their stage and conversion tables) in the catalog, by child name. */
    private Set<String> childTables() {
        Set<String> out = new java.util.TreeSet<>();
        for (Relation r : ctx.catalog().relations(layout.relation("").schema()).keySet()) {
            String child = layout.childOf(r.identifier());
            if (child != null) {
                out.add(child);
            }
        }
        return out;
    }

    /**
     * Files of what the table and its children were before (earlier Iceberg versions, or the
     * manifest tables a {@code replace} wrote and a merge converted) that they no longer use.
     */
    private void removeOldIcebergFolders(CatalogTable t) {
        List<S3Uri> gone = new ArrayList<>(stale("", t));
        for (String child : childTables()) {
            ctx.catalog().table(layout.relation(child))
                    .filter(c -> c.format() == TableFormat.ICEBERG && c.location() != null && linked(c))
                    .ifPresent(c -> gone.addAll(stale(child, c)));
        }
        if (!gone.isEmpty()) {
            ctx.store().delete(gone);
        }
    }

    private List<S3Uri> stale(String table, CatalogTable t) {
        List<S3Uri> gone = new ArrayList<>(ctx.store().list(layout.icebergRoot(table)).stream().map(ObjectStore.StoredObject::uri)
                .filter(u -> !t.location().contains(u)).toList());
        ctx.store().list(layout.dataFolder(table)).forEach(o -> gone.add(o.uri()));
        ctx.store().list(layout.manifestRoot(table)).forEach(o -> gone.add(o.uri()));
        return gone;
    }

    private boolean holdsRowsOf(String loadId) {
        QueryResult r = ctx.session().query("select count(*) from " + render(layout.relation("")) + " where "
                + ctx.sql().columns(List.of("_kiln_load_id"), null) + " = '" + loadId.replace("'", "''") + "'", 1);
        Object n = r.rows().isEmpty() || r.rows().get(0).isEmpty() ? null : r.rows().get(0).get(0);
        return n != null && Long.parseLong(n.toString()) > 0;
    }

    /** A merge of rows with child tables needs the ids that link them. */
    private void requireIds(LocalStage stage, List<String> children) {
        if (!stage.columns("").containsKey(ID)) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Merging " + ctx.table() + " with child tables ("
                    + String.join(", ", children) + ") on Athena needs column " + ID + " in its rows, to replace the"
                    + " children of merged rows; the loader staged none. Load it with 'disposition: append' or 'replace'.");
        }
        for (String child : children) {
            if (!stage.columns(child).containsKey(ROOT_ID)) {
                throw new KilnException(ErrorCode.EXECUTION_FAILED, "Merging " + ctx.table() + " on Athena needs column "
                        + ROOT_ID + " in the rows of its child table " + layout.relation(child).displayName()
                        + "; the loader staged none. Load it with 'disposition: append' or 'replace'.");
            }
        }
    }

    private void cleanStage(String loadId, Set<String> children) {
        try {
            for (String child : children) {
                ctx.catalog().drop(layout.stage(child));
                ctx.store().deletePrefix(layout.stageFolder(child, loadId));
            }
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
