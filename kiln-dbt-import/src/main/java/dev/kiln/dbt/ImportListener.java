package dev.kiln.dbt;

/** Progress of an import, one line per file; the default ignores it. */
@FunctionalInterface
public interface ImportListener {

    /** A file was converted or copied ({@code path} relative to the Kiln project). */
    void wrote(String path);

    /** A listener that ignores everything. */
    static ImportListener none() {
        return p -> { };
    }
}
