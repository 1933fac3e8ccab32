package dev.kiln;

/** How fresh a source table is, with dbt's names. */
public enum FreshnessStatus {
    /** Loaded within {@code warn_after} (or no threshold was crossed). */
    PASS("pass"),
    /** Older than {@code warn_after}. */
    WARN("warn"),
    /** Older than {@code error_after}, or holding no rows at all. */
    ERROR("error"),
    /** The freshness query failed. */
    RUNTIME_ERROR("runtime error");

    private final String dbtName;

    FreshnessStatus(String dbtName) {
        this.dbtName = dbtName;
    }

    /** The name in {@code sources.json} ({@code pass}, {@code warn}, {@code error}, {@code runtime error}). */
    public String dbtName() {
        return dbtName;
    }

    /** True for the statuses that make {@code kiln source freshness} exit 1. */
    public boolean isFailure() {
        return this == ERROR || this == RUNTIME_ERROR;
    }
}
