package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.LoadTarget;

import java.util.Locale;
import java.util.Map;

/**
 * Where a load on Athena keeps its objects on S3, per loaded table ({@code ""} the table itself,
 * {@code "items"} its child table {@code <table>__items}). The table's folder is its
 * {@code external_location} (an {@code s3://} folder; child tables in sibling folders
 * {@code <folder>__items/}), else {@code s3_data_dir/<schema>/<table>/}. Below it:
 * <pre>
 *   data/&lt;load_id&gt;.parquet             the rows of one load (Hive tables)
 *   _kiln_manifest/&lt;load_id&gt;/manifest  the data files of the table as of that load (the Glue location)
 *   iceberg/&lt;load_id&gt;/                   an Iceberg table's files (merge)
 *   _kiln_stage/&lt;load_id&gt;/               a merge's staged rows ({@code <load_id>__<child>/}: a child table's)
 *   _kiln_state/&lt;load_id&gt;.json           a merge's state, until its commit is confirmed
 * </pre>
 */
record LoadLayout(LoadTarget target, S3Uri dataDir) {

    /**
     * Table parameter of a child table: the Glue name of the table whose load created it
     * ({@code orders} on {@code orders__items}). A name alone proves nothing: another load, or a
     * model, may own a table {@code orders__archive}.
     */
    static final String PARENT = "kiln.parent";
    /** Suffix of the Glue table a merge stages its rows in. */
    static final String STAGE_SUFFIX = "__kiln_load_stage";
    /** Suffix of the Glue table a merge converts a Hive table to Iceberg in. */
    static final String TMP_SUFFIX = "__kiln_tmp";

    /** The relation of {@code table}. */
    Relation relation(String table) {
        Relation r = target.relation();
        return new Relation(r.database(), r.schema().toLowerCase(Locale.ROOT), identifier(table));
    }

    /** The Glue name of {@code table}. */
    String identifier(String table) {
        String id = target.relation().identifier().toLowerCase(Locale.ROOT);
        return table.isEmpty() ? id : id + "__" + table.toLowerCase(Locale.ROOT);
    }

    /** The folder of {@code table}. */
    S3Uri base(String table) {
        if (target.externalLocation() != null) {
            S3Uri root = S3Uri.parse(target.externalLocation()).asFolder();
            if (table.isEmpty()) {
                return root;
            }
            String key = root.key().substring(0, root.key().length() - 1);
            return new S3Uri(root.bucket(), key + "__" + table.toLowerCase(Locale.ROOT) + "/");
        }
        return dataDir.resolve(target.relation().schema().toLowerCase(Locale.ROOT) + "/" + identifier(table) + "/");
    }

    S3Uri dataFolder(String table) {
        return base(table).resolve("data/");
    }

    S3Uri dataFile(String table, String loadId) {
        return dataFolder(table).resolve(loadId + ".parquet");
    }

    S3Uri manifestRoot(String table) {
        return base(table).resolve("_kiln_manifest/");
    }

    S3Uri manifestFolder(String table, String loadId) {
        return manifestRoot(table).resolve(loadId + "/");
    }

    S3Uri manifest(String table, String loadId) {
        return manifestFolder(table, loadId).resolve("manifest");
    }

    S3Uri icebergRoot() {
        return icebergRoot("");
    }

    /** The folder of {@code table}'s Iceberg versions ({@code iceberg/<load_id>/} each). */
    S3Uri icebergRoot(String table) {
        return base(table).resolve("iceberg/");
    }

    S3Uri stageFolder(String loadId) {
        return stageFolder("", loadId);
    }

    /**
     * Where a merge stages {@code table}'s rows: {@code _kiln_stage/<load_id>/} for the table itself,
     * {@code _kiln_stage/<load_id>__<child>/} for a child table, all below the table's folder.
     */
    S3Uri stageFolder(String table, String loadId) {
        return stageRoot().resolve(loadId + (table.isEmpty() ? "" : "__" + table.toLowerCase(Locale.ROOT)) + "/");
    }

    /** The folder of every staged batch of the table and its children. */
    S3Uri stageRoot() {
        return base("").resolve("_kiln_stage/");
    }

    S3Uri stateRoot() {
        return base("").resolve("_kiln_state/");
    }

    S3Uri pendingState(String loadId) {
        return stateRoot().resolve(loadId + ".json");
    }

    /** The Glue table a merge stages its rows in. */
    Relation stage() {
        return stage("");
    }

    /** The Glue table a merge stages {@code table}'s rows in. */
    Relation stage(String table) {
        return suffixed(table, STAGE_SUFFIX);
    }

    /** The Glue table a conversion builds {@code table}'s Iceberg copy in. */
    Relation tmp(String table) {
        return suffixed(table, TMP_SUFFIX);
    }

    /**
     * The child table named by a Glue identifier of this load's schema ({@code orders__items} →
     * {@code items}, also for its stage and conversion tables), or null when it is not one.
     */
    String childOf(String identifier) {
        String id = identifier.toLowerCase(Locale.ROOT);
        for (String suffix : new String[]{STAGE_SUFFIX, TMP_SUFFIX}) {
            if (id.endsWith(suffix)) {
                id = id.substring(0, id.length() - suffix.length());
            }
        }
        String prefix = identifier("") + "__";
        if (!id.startsWith(prefix)) {
            return null;
        }
        String rest = id.substring(prefix.length());
        return rest.isEmpty() || rest.startsWith("_") ? null : rest;
    }

    /** The parameter that marks a child table as written by a load of this table. */
    Map<String, String> childMark() {
        return Map.of(PARENT, identifier(""));
    }

    /** Whether {@code t} names this load's table as its parent ({@value #PARENT}). */
    boolean markedChild(CatalogTable t) {
        String parent = t.parameters().get(PARENT);
        return parent != null && parent.equalsIgnoreCase(identifier(""));
    }

    /**
     * Whether {@code t} names another table as its parent: it only has the name of one of this
     * load's child tables (a child of {@code orders__archive}, say, when this load is {@code orders}).
     */
    boolean foreign(CatalogTable t) {
        String parent = t.parameters().get(PARENT);
        return parent != null && !parent.equalsIgnoreCase(identifier(""));
    }

    private Relation suffixed(String table, String suffix) {
        Relation r = relation(table);
        return new Relation(r.database(), r.schema(), r.identifier() + suffix);
    }
}
