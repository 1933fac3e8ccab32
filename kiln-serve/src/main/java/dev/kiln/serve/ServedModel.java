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
        uniqueKeys = uniqueKeys.stream().map(Set::copyOf).toList();
    }

    /** Whether the {@code columns} cover one of the unique keys (so they pick at most one row). */
    public boolean unique(Set<String> columns) {
        return uniqueKeys.stream().anyMatch(k -> !k.isEmpty() && columns.containsAll(k));
    }

    /** A single-column unique key, or {@code null}: a stable order for keyset pagination. */
    public String singleKey() {
        return uniqueKeys.stream().filter(k -> k.size() == 1).map(k -> k.iterator().next()).sorted().findFirst().orElse(null);
    }
}
