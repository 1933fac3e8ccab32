package dev.kiln;

import java.util.List;

/**
 * The analysis of one model (or snapshot, or singular test).
 *
 * @param uniqueId        the node
 * @param status          parsed, unknown or error
 * @param problem         for unknown and error, the parser's message; else {@code null}
 * @param tablesRead      the relations it reads, in order of appearance (empty unless parsed)
 * @param columns         its output columns with their lineage (empty unless parsed; empty for tests)
 * @param columnsComplete false when a {@code SELECT *} over a relation of unknown columns left
 *                        some columns unnamed (then {@code columns} has a {@code *} entry)
 */
public record ModelAnalysis(String uniqueId, AnalysisStatus status, String problem, List<TableRead> tablesRead,
                            List<ColumnLineage> columns, boolean columnsComplete) {
    /** Copies the lists. */
    public ModelAnalysis {
        tablesRead = List.copyOf(tablesRead);
        columns = List.copyOf(columns);
    }

    /** The names of its output columns (without {@code *}). */
    public List<String> columnNames() {
        return columns.stream().map(ColumnLineage::name).filter(n -> !ColumnRef.ALL.equals(n)).toList();
    }
}
