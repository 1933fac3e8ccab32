package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.RelationKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata side of Athena: the Glue Data Catalog. Changing an entry here never touches data
 * on S3; {@link #replace} is what makes table swaps atomic for readers.
 */
public interface Catalog {

    /** The tables and views of a schema (Glue database); empty when it does not exist. */
    Map<Relation, RelationKind> relations(String schema);

    /** An entry, if it exists. */
    Optional<CatalogTable> table(Relation relation);

    /** Creates a schema (Glue database) if it does not exist. */
    void ensureSchema(String schema);

    /**
     * Makes {@code target} what {@code source} is, in one catalog update that readers see at
     * once (created when absent, updated in place otherwise), moves {@code source}'s Hive
     * partitions over, and removes the {@code source} entry. No data is moved or deleted.
     */
    void replace(Relation source, Relation target);

    /** Removes an entry (and its partitions) from the catalog; its data stays. Absent entries are ignored. */
    void drop(Relation relation);

    /** The Hive partitions of a table. */
    List<Partition> partitions(Relation relation);

    /** Removes partitions (given by their values) from the catalog; their data stays. */
    void dropPartitions(Relation relation, List<List<String>> values);

    /**
     * Creates {@code relation} as {@code definition} says, or replaces its entry (columns,
     * location, formats, parameters) in ONE update that readers see at once. Nothing of the old
     * entry is kept; no data is moved or deleted.
     */
    default void put(Relation relation, TableDefinition definition) {
        throw new UnsupportedOperationException("this catalog cannot write table definitions");
    }

    /** Sets parameters of an existing entry in one update, keeping everything else (and other parameters). */
    default void setParameters(Relation relation, Map<String, String> parameters) {
        throw new UnsupportedOperationException("this catalog cannot set table parameters");
    }
}
