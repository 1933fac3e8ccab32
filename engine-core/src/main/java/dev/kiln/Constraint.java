package dev.kiln;

import java.util.List;
import java.util.Set;

/**
 * A dbt constraint from YAML, on a model ({@code constraints:} beside {@code columns:}) or on a
 * column ({@code constraints:} of a column entry, whose column it then names).
 *
 * @param type       {@code primary_key}, {@code unique}, {@code not_null}, {@code check},
 *                   {@code foreign_key} or {@code custom}
 * @param columns    the columns it covers: a model-level constraint's {@code columns:}, or the
 *                   column a column-level one is declared on
 * @param expression its {@code expression:} (a check's condition, a foreign key's target…), or {@code null}
 * @param name       its {@code name:}, or {@code null}
 * @param position   where it is declared
 */
public record Constraint(String type, List<String> columns, String expression, String name, SourcePosition position) {

    /** The types dbt knows. */
    public static final Set<String> TYPES = Set.of("primary_key", "unique", "not_null", "check", "foreign_key", "custom");

    /** Copies {@code columns}. */
    public Constraint {
        columns = List.copyOf(columns);
    }

    /** Whether it makes its columns identify at most one row ({@code primary_key} or {@code unique}). */
    public boolean identifiesRows() {
        return !columns.isEmpty() && (type.equals("primary_key") || type.equals("unique"));
    }
}
