package dev.kiln;

/** How far the analysis of one model got. */
public enum AnalysisStatus {
    /** Parsed: tables read and column lineage are known. */
    PARSED,
    /** Valid as far as Kiln can tell, but Calcite cannot parse it: nothing is known about it. */
    UNKNOWN,
    /** The target's parser rejects the SQL. */
    ERROR
}
