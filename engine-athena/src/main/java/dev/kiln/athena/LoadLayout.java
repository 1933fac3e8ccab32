package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.LoadTarget;

import java.util.Locale;

/**
 * Where a load on Athena keeps its objects on S3, per loaded table ({@code ""} the table itself,
 * {@code "items"} its child table {@code <table>__items}). The table's folder is its
 * {@code external_location} (an {@code s3://} folder; child tables in sibling folders
 * {@code <folder>__items/}), else {@code s3_data_dir/<schema>/<table>/}. Below it:
 * <pre>
 *   data/&lt;load_id&gt;.parquet             the rows of one load (Hive tables)
 *   _kiln_manifest/&lt;load_id&gt;/manifest  the data files of the table as of that load (the Glue location)
 *   iceberg/&lt;load_id&gt;/                   an Iceberg table's files (merge)
 *   _kiln_stage/&lt;load_id&gt;/               a merge's staged rows
 *   _kiln_state/&lt;load_id&gt;.json           a merge's state, until its commit is confirmed
 * </pre>
 */
record LoadLayout(LoadTarget target, S3Uri dataDir) {

    /** Suffix of the Glue table a merge stages its rows in. */
    static final String STAGE_SUFFIX = "__kiln_load_stage";

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
        return base("").resolve("iceberg/");
    }

    S3Uri stageFolder(String loadId) {
        return base("").resolve("_kiln_stage/" + loadId + "/");
    }

    S3Uri stateRoot() {
        return base("").resolve("_kiln_state/");
    }

    S3Uri pendingState(String loadId) {
        return stateRoot().resolve(loadId + ".json");
    }

    /** The Glue table a merge stages its rows in. */
    Relation stage() {
        Relation r = relation("");
        return new Relation(r.database(), r.schema(), r.identifier() + STAGE_SUFFIX);
    }
}
