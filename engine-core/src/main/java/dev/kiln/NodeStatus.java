package dev.kiln;

import java.util.Locale;

/** How a node ended in a run, with dbt's names. */
public enum NodeStatus {
    /** A model, seed or snapshot was built. */
    SUCCESS,
    /** Building failed. */
    ERROR,
    /** Not run because something upstream failed, or the run was cancelled. */
    SKIPPED,
    /** A test found no failing rows. */
    PASS,
    /** A test found failing rows (severity error). */
    FAIL,
    /** A test found failing rows (severity warn). */
    WARN;

    /** The dbt name ({@code success}, {@code error}, …). */
    public String dbtName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for statuses that make the command fail (exit 1). */
    public boolean isFailure() {
        return this == ERROR || this == FAIL;
    }

    /** True when downstream nodes may run. */
    public boolean letsDownstreamRun() {
        return this == SUCCESS || this == PASS || this == WARN;
    }
}
