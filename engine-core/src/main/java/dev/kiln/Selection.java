package dev.kiln;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which nodes a command works on, in dbt's selection syntax: {@code model}, {@code +model},
 * {@code model+}, {@code 2+model}, {@code model+3}, {@code @model}, {@code tag:x},
 * {@code path:models/staging}, {@code config.materialized:table}, {@code source:raw.users},
 * {@code resource_type:seed}, {@code state:modified}, {@code fqn:…}, {@code test_type:…},
 * wildcards ({@code stg_*}). Within one spec a comma means intersection; separate specs
 * are a union. Excludes are removed from the result.
 *
 * @param select  specs whose union is selected; empty selects everything
 * @param exclude specs whose union is removed
 */
public record Selection(List<String> select, List<String> exclude) {

    /** Everything. */
    public static final Selection ALL = new Selection(List.of(), List.of());

    /** Copies the lists. */
    public Selection {
        select = List.copyOf(select);
        exclude = List.copyOf(exclude);
    }

    /**
     * Parses specs as written on a command line; each argument may hold several
     * space-separated specs ({@code "+rfm_segments tag:daily"}).
     */
    public static Selection parse(String... specs) {
        return new Selection(split(Arrays.asList(specs)), List.of());
    }

    /** The same selection minus {@code specs}. */
    public Selection excluding(String... specs) {
        List<String> ex = new ArrayList<>(exclude);
        ex.addAll(split(Arrays.asList(specs)));
        return new Selection(select, ex);
    }

    /** Splits each argument on white space. */
    public static List<String> split(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a != null) {
                for (String s : a.trim().split("\\s+")) {
                    if (!s.isEmpty()) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    /** True when nothing is selected explicitly and nothing excluded. */
    public boolean isAll() {
        return select.isEmpty() && exclude.isEmpty();
    }
}
