package dev.kiln.athena;

import dev.kiln.Relation;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/** Where tables' data goes on S3, by the target's {@code s3_data_dir} and naming scheme. */
public final class Locations {

    /**
     * Where one build writes.
     *
     * @param uri    the data folder
     * @param unique whether it is new for this build (so the table can be swapped atomically)
     */
    public record Placement(S3Uri uri, boolean unique) {
    }

    private final AthenaSettings settings;
    private final Supplier<UUID> uuids;

    /** @param settings the target's settings; @param uuids where the unique folder names come from */
    public Locations(AthenaSettings settings, Supplier<UUID> uuids) {
        this.settings = settings;
        this.uuids = uuids;
    }

    /** The data folder of a build of {@code target}: its {@code external_location}, else by the naming scheme. */
    public Placement table(Relation target, TableConfig cfg) {
        if (cfg.externalLocation() != null) {
            return new Placement(cfg.externalLocation(), false);
        }
        DataNaming naming = cfg.naming() != null ? cfg.naming() : settings.naming();
        return new Placement(naming.location(settings.dataDir(), lower(target.schema()), lower(target.identifier()),
                uuids.get()), naming.unique());
    }

    /** A new folder for a build's scratch data: {@code s3_data_dir/schema/table__suffix/uuid/}. */
    public S3Uri scratch(Relation target, String suffix) {
        return settings.dataDir().resolve(lower(target.schema()) + "/" + lower(target.identifier()) + suffix + "/"
                + uuids.get() + "/");
    }

    /** Whether a folder lies below {@code s3_data_dir}, where Kiln may delete data it no longer needs. */
    public boolean managed(S3Uri location) {
        return location != null && settings.dataDir().contains(location) && !location.asFolder().equals(settings.dataDir());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
