package dev.kiln;

import java.nio.file.Path;

/**
 * A place in a project file, for diagnostics. Lines and columns are 1-based; a
 * column of 0 means "the whole line", a line of 0 means "the whole file".
 *
 * @param file   the file, relative to the project directory where possible
 * @param line   1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 */
public record SourcePosition(Path file, int line, int column) {

    /** A position that names only a file. */
    public static SourcePosition of(Path file) {
        return new SourcePosition(file, 0, 0);
    }

    /** Returns {@code file:line:col}, leaving out what is unknown. */
    @Override
    public String toString() {
        String f = file == null ? "<unknown>" : file.toString().replace('\\', '/');
        if (line <= 0) {
            return f;
        }
        return column <= 0 ? f + ":" + line : f + ":" + line + ":" + column;
    }
}
