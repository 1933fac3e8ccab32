package dev.kiln.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * One source record flattened into rows: the root row first, then each child row after its
 * parent, in the order the record holds them. {@code rows} is {@code null} for a record the
 * cursor filtered out (it still counts for progress).
 */
final class FlatRecord {

    final List<FlatRow> rows;
    /** Its size in bytes (for progress). */
    final long bytes;

    FlatRecord(List<FlatRow> rows, long bytes) {
        this.rows = rows;
        this.bytes = bytes;
    }

    static FlatRecord filtered(long bytes) {
        return new FlatRecord(null, bytes);
    }

    static List<FlatRow> newRows() {
        return new ArrayList<>(2);
    }
}
