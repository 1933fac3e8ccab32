package dev.kiln;

/** What {@code kiln clone} creates in the target for each node ({@code --as}). */
public enum CloneMode {
    /** A view when the state's relation is in the target's database, otherwise a table copy (the default). */
    AUTO,
    /** Always a view: {@code create or replace view TARGET as select * from STATE}. */
    VIEW,
    /** Always a table copy: {@code create table TARGET as select * from STATE}. */
    TABLE
}
