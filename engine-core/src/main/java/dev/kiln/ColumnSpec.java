package dev.kiln;

import java.util.Map;

/**
 * A column as documented in YAML.
 *
 * @param name        column name
 * @param description what the column holds ("" when undocumented)
 * @param dataType    declared {@code data_type}, or {@code null}
 * @param meta        free-form {@code meta:}
 * @param position    where the column is declared
 */
public record ColumnSpec(String name, String description, String dataType, Map<String, Object> meta,
                         SourcePosition position) {
}
