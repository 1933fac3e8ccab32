package dev.kiln.cli.airflow;

import java.util.Locale;

/** How {@code kiln dag airflow --group-by} gathers nodes into Airflow task groups. */
public enum GroupBy {
    /** One group per model, seed or snapshot (the default, like Astronomer Cosmos). */
    NODE,
    /** One group per folder of the project (models/staging → {@code staging}). */
    FOLDER,
    /** One group per node's first tag ({@code untagged} for nodes without one). */
    TAG;

    /** Parses {@code node}, {@code folder} or {@code tag}, or answers null. */
    public static GroupBy parse(String text) {
        for (GroupBy g : values()) {
            if (g.name().equalsIgnoreCase(text)) {
                return g;
            }
        }
        return null;
    }

    /** The lower-case name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
