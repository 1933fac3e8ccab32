package dev.kiln;

import java.util.Locale;

/** The kinds of project resources, named as in dbt's manifest. */
public enum ResourceType {
    /** A SELECT in {@code models/**.sql}. */
    MODEL,
    /** A CSV file in {@code seeds/}. */
    SEED,
    /** An SCD type 2 snapshot declared under {@code snapshots/}. */
    SNAPSHOT,
    /** A data test: generic (from YAML) or singular ({@code tests/*.sql}). */
    TEST,
    /** A unit test declared under {@code unit_tests:} in YAML. */
    UNIT_TEST,
    /** A declared source table. */
    SOURCE,
    /**
     * An entry of {@code exposures:} in YAML. One with a {@code sync:} or {@code report:} block
     * runs in {@code build}, {@code sync} and {@code report} after what it depends on was built
     * and tested (see {@code docs/exposures.md}).
     */
    EXPOSURE,
    /**
     * A project hook ({@code on-run-start} / {@code on-run-end} in {@code kiln.yml}), as dbt
     * calls it in {@code run_results.json}: it has a result but is no node of the graph.
     */
    OPERATION;

    private final String dbtName = name().toLowerCase(Locale.ROOT);

    /** The dbt name: {@code model}, {@code seed}, {@code unit_test}, … */
    public String dbtName() {
        return dbtName;
    }

    /** Parses a dbt name; returns {@code null} for an unknown one. */
    public static ResourceType fromDbtName(String name) {
        for (ResourceType t : values()) {
            if (t.dbtName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Whether {@code ref()} can point at resources of this type. */
    public boolean isRefable() {
        return this == MODEL || this == SEED || this == SNAPSHOT;
    }
}
