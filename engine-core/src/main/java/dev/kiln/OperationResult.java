package dev.kiln;

import java.util.List;

/**
 * What {@code kiln run-operation MACRO} did: the macro rendered to SQL, and each of its
 * statements run in order.
 *
 * @param macro      the macro's name
 * @param position   where the macro is declared (file, line, column)
 * @param statements each statement and its outcome, in order; empty when the macro rendered no SQL
 */
public record OperationResult(String macro, SourcePosition position, List<Statement> statements) {

    /** Copies the list. */
    public OperationResult {
        statements = List.copyOf(statements);
    }

    /**
     * One statement of the macro's SQL.
     *
     * @param sql      the statement, refs resolved
     * @param rows     the rows it returned (a query), or {@code null} (a command)
     * @param affected the rows a command affected, or -1 when unknown or a query
     */
    public record Statement(String sql, QueryRows rows, long affected) {
    }
}
