package dev.kiln.dbt;

/**
 * Something {@code kiln import-dbt} could not convert: the file (relative to the dbt
 * project), the line and column (0 when not known), what was left and why.
 *
 * @param file   path inside the dbt project, with forward slashes
 * @param line   1-based line, or 0
 * @param column 1-based column, or 0
 * @param what   the construct as written
 * @param why    why it was not converted and what to do
 */
public record ImportProblem(String file, int line, int column, String what, String why) {

    /** {@code file:line:col: what: why}. */
    public String format() {
        String at = file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
        return at + ": " + what + ": " + why;
    }
}
