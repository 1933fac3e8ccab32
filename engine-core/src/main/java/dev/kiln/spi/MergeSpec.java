package dev.kiln.spi;

import dev.kiln.Relation;

import java.util.List;

/**
 * What a {@link Dialect#merge(MergeSpec)} (or {@link Dialect#deleteInsert(MergeSpec)}) statement
 * does. In the generated SQL the target is aliased {@value #TARGET_ALIAS} and the source
 * {@value #SOURCE_ALIAS}; predicates may refer to both.
 *
 * @param target        the relation written to
 * @param source        the relation read from
 * @param keys          the columns a source row and a target row match on
 * @param updateColumns the columns a matched row takes from the source (none: no update clause)
 * @param insertColumns the columns an unmatched row is inserted with (none: no insert clause)
 * @param predicates    extra conditions on the match, SQL text ({@code incremental_predicates})
 * @param sourceFilter  a condition on the source's rows (unaliased column names): only those are read; {@code null}
 *                      reads them all (a warehouse that limits the partitions one statement writes merges in batches)
 */
public record MergeSpec(Relation target, Relation source, List<String> keys, List<String> updateColumns,
                        List<String> insertColumns, List<String> predicates, String sourceFilter) {

    /** The alias of the target in generated statements. */
    public static final String TARGET_ALIAS = "kiln_dest";

    /** The alias of the source in generated statements. */
    public static final String SOURCE_ALIAS = "kiln_src";

    /** Copies the lists. */
    public MergeSpec {
        keys = List.copyOf(keys);
        updateColumns = List.copyOf(updateColumns);
        insertColumns = List.copyOf(insertColumns);
        predicates = List.copyOf(predicates);
    }

    /** A merge that reads every source row. */
    public MergeSpec(Relation target, Relation source, List<String> keys, List<String> updateColumns,
                     List<String> insertColumns, List<String> predicates) {
        this(target, source, keys, updateColumns, insertColumns, predicates, null);
    }

    /** The same merge reading only the source rows that match {@code filter}. */
    public MergeSpec withSourceFilter(String filter) {
        return new MergeSpec(target, source, keys, updateColumns, insertColumns, predicates, filter);
    }
}
