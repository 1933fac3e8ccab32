package dev.kiln.serve;

import dev.kiln.Relation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model an endpoint publishes, as the project describes it.
 *
 * @param name               the model's name
 * @param relation           where the target holds it
 * @param description        its YAML description, or {@code ""}
 * @param columnDescriptions YAML descriptions by column name
 * @param uniqueKeys         column sets known to be unique: a {@code unique} test on a column, a
 *                           {@code unique_combination_of_columns} test, or a primary key
 */
public record ServedModel(String name, Relation relation, String description, Map<String, String> columnDescriptions,
                          List<Set<String>> uniqueKeys) {

    /** Copies the collections. */
    public ServedModel {
        columnDescriptions = Map.copyOf(columnDescriptions);
        uniqueKeys = uniqueKeys.stream().map(k -> java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(k)))
                .map(k -> (Set<String>) k).toList();
    }

    /** Whether the {@code columns} cover one of the unique keys (so they pick at most one row). */
    public boolean unique(Set<String> columns) {
        return uniqueKeys.stream().anyMatch(k -> !k.isEmpty() && columns.containsAll(k));
    }

    /**
     * The order the replica copies the rows in: the single-column unique key, else the first
     * unique combination of columns as written, else none. Rows of a model without a
     * single-column key are paged in this order (by their position in the copy).
     */
    public List<String> copyOrder() {
        String key = singleKey();
        if (key != null) {
            return List.of(key);
        }
        return uniqueKeys.isEmpty() ? List.of() : List.copyOf(uniqueKeys.get(0));
    }

    /** A single-column unique key, or {@code null}: a stable order for keyset pagination. */
    public String singleKey() {
        return uniqueKeys.stream().filter(k -> k.size() == 1).map(k -> k.iterator().next()).sorted().findFirst().orElse(null);
    }
}
