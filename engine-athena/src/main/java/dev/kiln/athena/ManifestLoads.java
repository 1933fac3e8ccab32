package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code append} and {@code replace} on Athena: Hive tables whose Glue location is a
 * <em>manifest</em> folder ({@code SymlinkTextInputFormat} over Parquet: Athena reads the files the
 * manifest lists). A load
 * <ol>
 *   <li>uploads one Parquet file per table to {@code data/<load_id>.parquet} (not listed anywhere yet);</li>
 *   <li>writes each table's new manifest to {@code _kiln_manifest/<load_id>/manifest}: the files of
 *   the current manifest plus the new one ({@code append}), or the new one alone ({@code replace});</li>
 *   <li>points each child table at its new manifest (one {@code UpdateTable} each; when the table
 *   is Iceberg, a {@code replace} of a merged table, only after step 4, which the next load
 *   completes if it stopped in between);</li>
 *   <li>points the table itself at its new manifest with its new columns AND stores the load's
 *   state, the load id and the manifest of every child in its parameters: ONE
 *   {@code UpdateTable}, the commit.</li>
 * </ol>
 * A crash before step 4 leaves the table and its state as they were (the next load reads the same
 * rows again). When the next load opens, child tables that point at a manifest the table's
 * parameters do not name are pointed back, and files that no committed manifest lists are
 * deleted. Between steps 3 and 4 a reader may see a child table's new rows without their parents.
 * <p>
 * A child table is known by more than its name: step 3 writes the parameter
 * {@value LoadLayout#PARENT} (the table's Glue name) with it. Recovery and loads touch a table named
 * {@code <table>__<child>} only when that parameter names the table or, for a table written before
 * the parameter existed, when the table's committed children ({@value #CHILDREN}) list it; any other
 * table of that name is left alone (a load that would write it stops with an error instead).
 */
final class ManifestLoads {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestLoads.class);
    /** Table parameter: the committed manifest of each child table, {@code items=<load_id>,…}. */
    static final String CHILDREN = "kiln.children";
    /** Table parameter: the load id of the table's committed manifest. */
    static final String MANIFEST = "kiln.manifest";

    private final AthenaLoadSink.Context ctx;
    private final LoadLayout layout;

    ManifestLoads(AthenaLoadSink.Context ctx) {
        this.ctx = ctx;
        this.layout = ctx.layout();
    }

    long commit(LocalStage stage, Optional<CatalogTable> root, String newState) {
        String loadId = ctx.target().loadId();
        boolean replace = "replace".equals(ctx.target().disposition());
        Map<String, String> children = root.map(t -> parseChildren(t.parameters().get(CHILDREN))).orElse(new TreeMap<>());
        List<String> staged = stage.tables();
        if (staged.isEmpty() && root.isEmpty()) {
            return 0; // nothing to land and nowhere to keep a state: the next load starts over, finding nothing new
        }
        long rows = 0;
        Map<String, S3Uri> newFiles = new LinkedHashMap<>();
        Map<String, List<TableDefinition.Column>> columns = new LinkedHashMap<>();
        for (String t : staged) {
            Optional<CatalogTable> existing = t.isEmpty() ? root : ctx.catalog().table(layout.relation(t));
            if (!t.isEmpty() && existing.isPresent() && !isChild(t, existing.get(), children)) {
                throw notAChild(t, existing.get());
            }
            columns.put(t, AthenaLoadSink.evolve(ctx, t, replace ? Map.of() : AthenaLoadSink.columnsOf(existing), stage.columns(t),
                    stage.columnNames(t)));
        }
        for (String t : staged) {
            LocalStage.Written w = stage.parquet(t, List.of());
            S3Uri file = layout.dataFile(t, loadId);
            LOG.info("Uploading {} rows of {} to {} ({} bytes)", w.rows(), layout.relation(t).displayName(), file, size(w));
            ctx.store().upload(file, w.file());
            newFiles.put(t, file);
            if (t.isEmpty()) {
                rows = w.rows();
            }
        }
        Set<String> touched = new LinkedHashSet<>(staged);
        if (replace) {
            touched.addAll(children.keySet()); // a replace empties the child tables it did not stage
        }
        touched.remove("");
        // an Iceberg table's children (a replace of a merged table) move only after the commit: moving
        // them first would lose their Iceberg entries if the load stopped in between
        boolean childrenAfter = root.map(t -> t.format() == TableFormat.ICEBERG).orElse(false);
        Map<String, List<TableDefinition.Column>> childColumns = new LinkedHashMap<>();
        for (String child : touched) {
            List<S3Uri> files = new ArrayList<>(replace ? List.of() : manifestOf(child, children.get(child)));
            if (newFiles.containsKey(child)) {
                files.add(newFiles.get(child));
            }
            writeManifest(child, loadId, files);
            childColumns.put(child, columns.containsKey(child) ? columns.get(child)
                    : columnsAsDefined(ctx.catalog().table(layout.relation(child))));
            if (!childrenAfter) {
                pointAt(child, childColumns.get(child), loadId);
            }
            children.put(child, loadId);
        }
        String committedManifest = root.map(t -> t.parameters().get(MANIFEST)).orElse(null);
        String rootManifest = committedManifest;
        if (newFiles.containsKey("") || replace || committedManifest == null) {
            List<S3Uri> files = new ArrayList<>(replace ? List.of() : manifestOf("", committedManifest));
            if (newFiles.containsKey("")) {
                files.add(newFiles.get(""));
            }
            writeManifest("", loadId, files);
            rootManifest = loadId;
        }
        List<TableDefinition.Column> rootColumns = columns.containsKey("") ? columns.get("") : columnsAsDefined(root);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("classification", "parquet");
        params.put(AthenaLoadSink.LOAD_ID, loadId);
        params.put(AthenaLoadSink.STATE, newState);
        params.put(MANIFEST, rootManifest);
        params.put(CHILDREN, formatChildren(children));
        ctx.catalog().put(layout.relation(""), TableDefinition.parquetManifest(rootColumns,
                layout.manifestFolder("", rootManifest), params));
        if (childrenAfter) {
            childColumns.forEach((child, cols) -> pointAt(child, cols, loadId));
        }
        // committed: what the new manifests no longer list can go
        try {
            removeUnlisted("", rootManifest);
            children.forEach(this::removeUnlisted);
        } catch (RuntimeException e) {
            LOG.warn("Load {} is committed, but removing superseded files failed ({}); the next load retries.",
                    ctx.table(), e.getMessage());
        }
        return rows;
    }

    /**
     * Undoes what an interrupted load left: child tables pointed at a manifest the committed table
     * does not name are pointed back (or removed, when it names none), and files no committed
     * manifest lists are deleted. Only tables that prove they are this load's children are
     * touched ({@link #isChild}): a table {@code <table>__archive} that another load or a model
     * wrote keeps its definition and its files.
     */
    void recover(Optional<CatalogTable> root) {
        Map<String, String> children = root.map(t -> parseChildren(t.parameters().get(CHILDREN))).orElse(new TreeMap<>());
        Relation rootRel = layout.relation("");
        for (Relation r : ctx.catalog().relations(rootRel.schema()).keySet()) {
            String child = layout.childOf(r.identifier());
            if (child == null || !layout.identifier(child).equalsIgnoreCase(r.identifier())) {
                continue;
            }
            Optional<CatalogTable> t = ctx.catalog().table(layout.relation(child));
            if (t.isEmpty() || !isChild(child, t.get(), children)) {
                continue; // a table that only has a child's name (another load's, a model's): not ours to touch
            }
            String at = t.map(c -> c.format() == TableFormat.ICEBERG ? "iceberg" : c.parameters().get(AthenaLoadSink.LOAD_ID))
                    .orElse(null);
            String committed = children.get(child);
            if (at == null) {
                continue; // not a table a load wrote
            }
            if (committed == null) {
                LOG.info("Removing {}: an interrupted load of {} created it", r.displayName(), ctx.table());
                ctx.catalog().drop(layout.relation(child));
                removeUnlisted(child, null);
            } else if (!committed.equals(at)) {
                // back (the load that moved it did not commit) or forward (a replace of a merged
                // table committed, and moves its children after its commit)
                LOG.info("Pointing {} at the manifest of load {} (an interrupted load of {} left it elsewhere)",
                        r.displayName(), committed, ctx.table());
                pointAt(child, columnsAsDefined(t), committed);
            }
        }
        removeUnlisted("", root.map(t -> t.parameters().get(MANIFEST)).orElse(null));
        children.forEach(this::removeUnlisted);
    }

    /**
     * Whether {@code t}, named like the child table {@code child}, is one of this load's: its
     * parameter {@value LoadLayout#PARENT} names this load's table; or, a table written before Kiln
     * recorded its parent (it has no such parameter), the table's committed children list it.
     */
    private boolean isChild(String child, CatalogTable t, Map<String, String> committed) {
        return layout.markedChild(t) || !t.parameters().containsKey(LoadLayout.PARENT) && committed.containsKey(child);
    }

    private KilnException notAChild(String child, CatalogTable t) {
        String parent = t.parameters().get(LoadLayout.PARENT);
        return new KilnException(ErrorCode.EXECUTION_FAILED, "Loading " + ctx.table() + " would write its child table "
                + layout.relation(child).displayName() + ", but that table is not one of its children ("
                + (parent != null ? "its parameter " + LoadLayout.PARENT + " names " + parent
                : "it was not written by a committed load of " + layout.relation("").displayName())
                + "), so Kiln leaves it alone. Rename or drop that table, or load " + ctx.table() + " into another table.");
    }

    /** Points a child table at the manifest a load wrote for it (one catalog update), marked as this table's child. */
    private void pointAt(String child, List<TableDefinition.Column> columns, String loadId) {
        Map<String, String> params = new LinkedHashMap<>(layout.childMark());
        params.put(AthenaLoadSink.LOAD_ID, loadId);
        params.put("classification", "parquet");
        ctx.catalog().put(layout.relation(child), TableDefinition.parquetManifest(columns,
                layout.manifestFolder(child, loadId), params));
    }

    /** Deletes the data files and manifests of {@code table} that the committed manifest does not list. */
    private void removeUnlisted(String table, String manifestId) {
        Set<String> keep = new HashSet<>();
        manifestOf(table, manifestId).forEach(u -> keep.add(u.toString()));
        List<S3Uri> gone = new ArrayList<>();
        for (ObjectStore.StoredObject o : ctx.store().list(layout.dataFolder(table))) {
            if (!keep.contains(o.uri().toString())) {
                gone.add(o.uri());
            }
        }
        S3Uri current = manifestId == null ? null : layout.manifestFolder(table, manifestId);
        for (ObjectStore.StoredObject o : ctx.store().list(layout.manifestRoot(table))) {
            if (current == null || !current.contains(o.uri())) {
                gone.add(o.uri());
            }
        }
        // an Iceberg table this one replaced (a replace of a merged table), or an interrupted merge's
        ctx.store().list(layout.icebergRoot(table)).forEach(o -> gone.add(o.uri()));
        if (!gone.isEmpty()) {
            LOG.info("Deleting {} object(s) of {} that no committed load lists", gone.size(), layout.relation(table).displayName());
            ctx.store().delete(gone);
        }
    }

    /** The data files a table's manifest lists (none when {@code manifestId} is null or the manifest is gone). */
    private List<S3Uri> manifestOf(String table, String manifestId) {
        if (manifestId == null) {
            return List.of();
        }
        byte[] m = ctx.store().get(layout.manifest(table, manifestId));
        if (m == null) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "The manifest of " + layout.relation(table).displayName()
                    + " (" + layout.manifest(table, manifestId) + ") is missing, so its data files are unknown. Reload the"
                    + " table with 'kiln load --full-refresh -s source:" + ctx.table() + "'.");
        }
        return new String(m, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).map(S3Uri::parse).toList();
    }

    private void writeManifest(String table, String loadId, List<S3Uri> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach(f -> sb.append(f).append('\n'));
        ctx.store().put(layout.manifest(table, loadId), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<TableDefinition.Column> columnsAsDefined(Optional<CatalogTable> t) {
        return t.map(c -> c.allColumns().stream().map(col -> new TableDefinition.Column(col.name(),
                AthenaSql.hiveType(col.type()))).toList()).orElse(List.of());
    }

    static long size(LocalStage.Written w) {
        try {
            return java.nio.file.Files.size(w.file());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static Map<String, String> parseChildren(String text) {
        Map<String, String> out = new TreeMap<>();
        if (text != null && !text.isBlank()) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        }
        return out;
    }

    static String formatChildren(Map<String, String> children) {
        StringBuilder sb = new StringBuilder();
        children.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
