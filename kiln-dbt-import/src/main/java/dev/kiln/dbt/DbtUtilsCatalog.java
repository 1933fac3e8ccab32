package dev.kiln.dbt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dbt_utils macros and generic tests Kiln has built in, with dbt_utils' parameter names
 * (so that calls with keyword arguments become positional FreeMarker calls).
 */
final class DbtUtilsCatalog {

    private DbtUtilsCatalog() {
    }

    /** Macro → parameter names, in dbt_utils' order. */
    static final Map<String, List<String>> MACROS = macros();

    /** Generic tests Kiln has under the same name. */
    static final Set<String> TESTS = Set.of("unique_combination_of_columns", "not_null_proportion", "at_least_one",
            "equal_rowcount", "mutually_exclusive_ranges", "sequential_values", "expression_is_true", "recency",
            "accepted_range");

    private static Map<String, List<String>> macros() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("generate_surrogate_key", List.of("field_list"));
        m.put("star", List.of("from", "relation_alias", "except", "prefix", "suffix", "quote_identifiers"));
        m.put("union_relations", List.of("relations", "column_override", "include", "exclude", "source_column_name",
                "where"));
        m.put("date_spine", List.of("datepart", "start_date", "end_date"));
        m.put("pivot", List.of("column", "values", "alias", "agg", "cmp", "prefix", "suffix", "then_value",
                "else_value", "quote_identifiers", "distinct"));
        m.put("unpivot", List.of("relation", "cast_to", "exclude", "remove", "field_name", "value_name"));
        m.put("get_column_values", List.of("table", "column", "where", "order_by", "max_records", "default"));
        m.put("deduplicate", List.of("relation", "partition_by", "order_by"));
        m.put("safe_divide", List.of("numerator", "denominator"));
        m.put("group_by", List.of("n"));
        m.put("get_relations_by_pattern", List.of("schema_pattern", "table_pattern", "exclude", "database"));
        return Map.copyOf(m);
    }
}
