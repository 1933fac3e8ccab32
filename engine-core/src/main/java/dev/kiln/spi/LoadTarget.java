package dev.kiln.spi;

import dev.kiln.Relation;

import java.util.List;

/**
 * Where and how one load lands, for {@link Adapter#loadSink}.
 *
 * @param relation         the table's relation; child tables add {@code __field} to its identifier
 * @param externalLocation files on the raw layer to write instead of a table (resolved), or {@code null}
 * @param stateKey         the key of this table's state ({@code source.table})
 * @param disposition      {@code append}, {@code replace} or {@code merge}
 * @param primaryKey       the key columns for {@code merge}
 * @param loadId           the run's id
 */
public record LoadTarget(Relation relation, String externalLocation, String stateKey, String disposition,
                         List<String> primaryKey, String loadId) {

    /** Copies the list. */
    public LoadTarget {
        primaryKey = List.copyOf(primaryKey);
    }
}
