package dev.kiln.cli;

/** The formats of {@code kiln ls --output}, as in {@code dbt ls}. */
public enum LsOutput {
    /** {@code project.folder.name}: the node's fully qualified name, usable as a selector (default). */
    SELECTOR,
    /** The node's name. */
    NAME,
    /** The defining file, relative to the project directory. */
    PATH,
    /** One JSON object per line. */
    JSON
}
