package dev.kiln.cli;

/** {@code --log-format}: how {@code kiln} writes what it prints. */
public enum LogFormat {
    /** Lines for a person (the default). */
    TEXT,
    /** One JSON object per line per event, in dbt's structured-log shape ({@link JsonLog}). */
    JSON
}
