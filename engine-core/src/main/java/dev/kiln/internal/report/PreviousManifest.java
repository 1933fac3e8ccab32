package dev.kiln.internal.report;

import java.nio.file.Path;

/** A {@code manifest.json} from an earlier run, read for {@code state:} selection and {@code --defer}. */
public final class PreviousManifest {

    private PreviousManifest() {
    }

    /** Reads {@code dir/manifest.json}. */
    public static PreviousManifest read(Path dir) {
        return new PreviousManifest(); // TODO(report): read it
    }
}
