package dev.kiln.dbt;

import java.util.List;

/**
 * The outcome of {@code kiln import-dbt}.
 *
 * @param written  files written, relative to the Kiln project, in the order written
 * @param problems what was left unconverted (the command exits 1 when there is any)
 * @param notes    things converted differently from how dbt does them, worth a look
 */
public record ImportReport(List<String> written, List<ImportProblem> problems, List<String> notes) {

    /** True when everything was converted. */
    public boolean complete() {
        return problems.isEmpty();
    }
}
